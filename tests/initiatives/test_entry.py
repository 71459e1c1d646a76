"""Entering and changing an initiative through the form: shares checked by the form, scoping,
attachments served only to those who may see the initiative."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.models import Initiative, Status
from records.models import AuditEvent

pytestmark = pytest.mark.django_db


def form_data(personas, authors, **fields):
    data = {
        "title": "Sổ tay kiểm sát viên điện tử",
        "summary": "Tra cứu nhanh quy trình nghiệp vụ trên điện thoại.",
        "form": "solution",
        "unit": personas.unit_a.pk,
        "year": 2023,
        "first_applied_on": "2023-02-01",
        "requested_level": "grassroots",
        "authors-TOTAL_FORMS": str(len(authors)),
        "authors-INITIAL_FORMS": "0",
        "authors-MIN_NUM_FORMS": "1",
        "authors-MAX_NUM_FORMS": "20",
    }
    for n, (code, share) in enumerate(authors):
        data[f"authors-{n}-staff_code"] = code
        data[f"authors-{n}-share"] = str(share)
    data.update(fields)
    return data


def test_the_author_enters_an_initiative(personas, client_as, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client = client_as(personas.staff)
    assert client.get(reverse("initiatives:create")).status_code == 200
    data = form_data(personas, [("A0001", 70), ("vp0001", 30)])
    data["attachment"] = SimpleUploadedFile("mo-ta.pdf", b"%PDF-1.4 demo", "application/pdf")
    response = client.post(reverse("initiatives:create"), data)
    initiative = Initiative.objects.get()
    assert response.url == reverse("initiatives:detail", args=[initiative.pk])
    assert initiative.status == Status.DRAFT
    assert initiative.code == f"SK2023-{initiative.pk:05d}"
    assert [(a.person.staff_code, a.share) for a in initiative.authors.all()] == [
        ("A0001", 70),
        ("VP0001", 30),
    ]
    assert AuditEvent.objects.filter(action="initiative.create", actor=personas.staff).exists()
    attached = initiative.attachments.get()
    url = reverse("initiatives:attachment", args=[initiative.pk, attached.pk])
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.4 demo"
    assert client_as(personas.officer_b).get(url).status_code == 404


@pytest.mark.parametrize(
    "authors, message",
    [
        ([("A0001", 70), ("B0001", 20)], "Tổng tỷ lệ đóng góp là 90%"),
        ([("A0001", 50), ("A0001", 50)], "chỉ được ghi một lần"),
        ([("A0001", 100), ("ZZ999", 10)], "Không có cán bộ nào có mã ZZ999"),
        ([("A0001", 0)], "0"),
    ],
)
def test_the_form_refuses_bad_authors(personas, client_as, authors, message):
    page = client_as(personas.staff).post(
        reverse("initiatives:create"), form_data(personas, authors)
    )
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not Initiative.objects.exists()


def test_the_form_shows_similar_earlier_initiatives(personas, client_as, draft):
    data = form_data(personas, [("A0001", 100)], title=draft.title, summary="khác")
    data["authors-0-share"] = "50"  # invalid, so the page is shown again with the matches
    page = client_as(personas.staff).post(reverse("initiatives:create"), data).content.decode()
    assert "Sáng kiến tương tự đã có" in page
    assert "100%" in page


def test_changing_a_draft_and_the_refusals(personas, client_as, draft):
    url = reverse("initiatives:edit", args=[draft.pk])
    assert client_as(personas.staff).get(url).status_code == 200
    # The page renders the current author as an initial form.
    data = form_data(personas, [("A0001", 100)], title="Tên mới", **{"authors-INITIAL_FORMS": "1"})
    assert client_as(personas.staff).post(url, data).status_code == 302
    assert Initiative.objects.get(pk=draft.pk).title == "Tên mới"
    assert client_as(personas.officer_b).get(url).status_code == 404
    assert client_as(personas.initiative_member).post(url, data).status_code == 403


def test_a_submitted_initiative_cannot_be_changed(personas, client_as, submitted):
    url = reverse("initiatives:edit", args=[submitted.pk])
    data = form_data(personas, [("A0001", 100)], title="Tên mới")
    client_as(personas.staff).post(url, data)
    assert Initiative.objects.get(pk=submitted.pk).title != "Tên mới"


def test_staff_pick_only_their_own_unit(personas, client_as):
    data = form_data(personas, [("A0001", 100)], unit=personas.unit_b.pk)
    page = client_as(personas.staff).post(reverse("initiatives:create"), data)
    assert page.status_code == 200
    assert not Initiative.objects.exists()


def test_an_initiative_form_sent_twice_is_saved_once(personas, client_as):
    client = client_as(personas.staff)
    create = reverse("initiatives:create")
    shown = client.get(create).content.decode()
    token = re.search(r'name="once" value="([^"]+)"', shown).group(1)
    data = {**form_data(personas, [("A0001", 70), ("vp0001", 30)]), "once": token}
    assert client.post(create, data).url == client.post(create, data).url
    assert Initiative.objects.count() == 1
