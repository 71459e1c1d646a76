import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from awards import services
from awards.models import DossierFile, Nomination
from awards.models import NominationStatus as S

pytestmark = pytest.mark.django_db


def step_url(nomination, step):
    return reverse("awards:nomination_step", args=[nomination.pk, step])


def form_data(awards, summary):
    """What the nomination form posts for person A, proposed by unit A."""
    return {
        "honour": awards.honours["LDTT"].pk,
        "year": 2023,
        "method": "regular",
        "person": awards.p.person_a.pk,
        "proposing_unit": awards.p.unit_a.pk,
        "summary": summary,
    }


@pytest.fixture
def draft_a(awards):
    """A draft of unit A, proposed by unit A's officer."""
    return services.create_nomination(
        awards.p.officer_a, awards.entry("LDTT", proposing_unit=awards.p.unit_a)
    )


def test_submit_view(awards, draft_a, client_as):
    url = step_url(draft_a, "submit")
    assert client_as(awards.p.officer_a).get(url).status_code == 405
    assert client_as(awards.p.officer_b).post(url).status_code == 404
    assert client_as(awards.p.council_member).post(url).status_code == 403
    response = client_as(awards.p.officer_a).post(url)
    assert response.status_code == 302
    draft_a.refresh_from_db()
    assert draft_a.status == S.SUBMITTED
    events = services.timeline(draft_a).count()
    page = client_as(awards.p.officer_a).post(url, follow=True).content.decode()
    assert "Không có gì thay đổi" in page
    assert services.timeline(draft_a).count() == events


def test_return_and_agenda_views(awards, draft_a, client_as):
    services.submit(awards.p.officer_a, [draft_a])
    url = step_url(draft_a, "return")
    assert client_as(awards.p.clerk).get(url).status_code == 405
    assert client_as(awards.p.officer_b).post(url, {"reason": "x"}).status_code == 404
    assert client_as(awards.p.officer_a).post(url, {"reason": "x"}).status_code == 403
    client_as(awards.p.clerk).post(url, {"reason": "Thiếu minh chứng"})
    draft_a.refresh_from_db()
    assert (draft_a.status, draft_a.status_reason) == (S.RETURNED, "Thiếu minh chứng")
    client_as(awards.p.clerk).post(url, {"reason": "again"})
    draft_a.refresh_from_db()
    assert draft_a.status_reason == "Thiếu minh chứng"
    services.submit(awards.p.officer_a, [draft_a])
    session = awards.session()
    client_as(awards.p.clerk).post(step_url(draft_a, "agenda"), {"session": session.pk})
    draft_a.refresh_from_db()
    assert draft_a.status == S.SCREENED
    page = client_as(awards.p.officer_a).get(draft_a.get_absolute_url()).content.decode()
    for state in ("draft", "submitted", "returned", "screened"):
        assert f'<strong data-state="{state}">' in page


def test_withdraw_view(awards, draft_a, client_as):
    url = step_url(draft_a, "withdraw")
    assert client_as(awards.p.officer_a).get(url).status_code == 405
    assert client_as(awards.p.officer_b).post(url).status_code == 404
    assert client_as(awards.p.council_member).post(url).status_code == 403
    client_as(awards.p.officer_a).post(url, {"reason": "Rút"})
    draft_a.refresh_from_db()
    assert draft_a.status == S.WITHDRAWN


def test_create_nomination_page(awards, client_as):
    url = reverse("awards:nomination_create")
    assert client_as(awards.p.council_member).get(url).status_code == 403
    client = client_as(awards.p.officer_a)
    assert client.get(url).status_code == 200
    data = form_data(awards, "Hoàn thành xuất sắc")
    both = client.post(url, {**data, "unit": awards.p.unit_a.pk})
    assert both.status_code == 200 and not Nomination.objects.exists()
    outside = client.post(url, {**data, "person": awards.p.person_b.pk})
    assert outside.status_code == 200 and not Nomination.objects.exists()
    response = client.post(url, data)
    nomination = Nomination.objects.get()
    assert response.url == nomination.get_absolute_url()
    assert nomination.created_by == awards.p.officer_a


def test_dossier_upload_checks_type_and_content_and_download_is_scoped(
    awards, draft_a, client_as, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("awards:file_upload", args=[draft_a.pk])
    client = client_as(awards.p.officer_a)
    assert client.get(url).status_code == 405
    fake = SimpleUploadedFile("report.pdf", b"MZ not a pdf", content_type="application/pdf")
    client.post(url, {"kind": "evidence", "file": fake})
    exe = SimpleUploadedFile("virus.exe", b"%PDF-1.4", content_type="application/pdf")
    client.post(url, {"kind": "evidence", "file": exe})
    assert not DossierFile.objects.exists()
    pdf = SimpleUploadedFile("Báo cáo.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    assert (
        client_as(awards.p.officer_b).post(url, {"kind": "evidence", "file": pdf}).status_code
        == 404
    )
    pdf.seek(0)
    client_as(awards.p.officer_a).post(url, {"kind": "achievement_report", "file": pdf})
    stored = DossierFile.objects.get()
    assert stored.file.path.startswith(str(tmp_path))
    assert "Báo cáo" not in stored.file.name
    download = reverse("awards:file_download", args=[stored.pk])
    assert client_as(awards.p.officer_b).get(download).status_code == 404
    response = client_as(awards.p.officer_a).get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 report"


def test_file_size_limit(monkeypatch):
    monkeypatch.setattr(services.nominations, "MAX_FILE_SIZE", 10)
    big = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    with pytest.raises(services.TransitionError):
        services.check_upload(big)


def test_the_next_page_keeps_every_filter(awards, client_as, monkeypatch):
    monkeypatch.setattr("awards.views.PAGE_SIZE", 2)
    entries = [awards.entry("LDTT", person=awards.p.person_a, year=2023) for _ in range(3)]
    services.create_nominations(awards.p.clerk, entries)
    other_year = awards.entry("LDTT", person=awards.p.person_a, year=2022)
    services.create_nominations(awards.p.clerk, [other_year])
    client = client_as(awards.p.clerk)
    first = client.get(reverse("awards:nominations"), {"year": 2023, "status": "draft"})
    link = re.search(r'href="\?([^"]*page=2[^"]*)"', first.content.decode()).group(1)
    second = client.get(reverse("awards:nominations") + "?" + link.replace("&amp;", "&"))
    assert [n.year for n in second.context["page"]] == [2023]  # not another year's draft


@pytest.mark.parametrize("rows", [5, 50])
def test_nomination_list_queries(awards, client_as, django_assert_num_queries, rows):
    services.create_nominations(
        awards.p.clerk, [awards.entry("LDTT", person=awards.p.person_a) for _ in range(rows)]
    )
    client = client_as(awards.p.clerk)
    # session, user, groups (roles), units (scope), count,
    # page of nominations, honours (filter), flag proposals waiting (clerk); the quota meters:
    # the user's unit, the rule set (2), the unit's subtree, the nominations under way, then 4
    # for each of the two quotas
    with django_assert_num_queries(7 + 13):
        response = client.get(reverse("awards:nominations"))
    assert response.status_code == 200
    assert response.content.decode().count('data-status="draft"') == min(rows, 50)


def test_edit_page_changes_a_draft_only(awards, draft_a, client_as):
    url = reverse("awards:nomination_edit", args=[draft_a.pk])
    assert client_as(awards.p.officer_b).get(url).status_code == 404
    assert client_as(awards.p.council_member).get(url).status_code == 403
    client = client_as(awards.p.officer_a)
    data = form_data(awards, "Bổ sung thành tích")
    client.post(url, data)
    draft_a.refresh_from_db()
    assert draft_a.summary == "Bổ sung thành tích"
    services.submit(awards.p.officer_a, [draft_a])
    client.post(url, {**data, "summary": "changed after submission"})
    draft_a.refresh_from_db()
    assert draft_a.summary == "Bổ sung thành tích"


@pytest.mark.parametrize("year", ["10000", "1307587", "1900", str(2**70)])
def test_edit_page_refuses_a_year_out_of_range_and_keeps_the_draft(
    awards, draft_a, client_as, year
):
    url = reverse("awards:nomination_edit", args=[draft_a.pk])
    response = client_as(awards.p.officer_a).post(
        url, form_data(awards, "changed") | {"year": year}
    )
    assert response.status_code == 200
    assert "year" in response.context["form"].errors
    draft_a.refresh_from_db()
    assert draft_a.year == 2023
    assert draft_a.summary != "changed"
