from datetime import date

import pytest
from django.urls import reverse

from awards import services
from awards.models import Decision, DocumentStatus, Proposal
from awards.models import NominationStatus as S
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

HEADER = {
    "year": 2023,
    "date": "2023-12-20",
    "issuing_body": "Viện kiểm sát nhân dân tỉnh Sơn La",
    "signer": "Hoàng Văn Trưởng",
    "signer_position": "Viện trưởng",
    "subject": "Về việc khen thưởng năm 2023",
}


def header(awards, symbol):
    return {**HEADER, "issuer_unit": awards.p.province.pk, "symbol": symbol}


def fields_for(awards, symbol):
    """The header as the services take it."""
    return {**header(awards, symbol), "issuer_unit": awards.p.province, "date": date(2023, 12, 20)}


def issued_decision(awards, nomination):
    decision = services.draft_decision(awards.p.clerk, [nomination], **fields_for(awards, "QĐ"))
    return services.issue_decision(awards.p.clerk, decision)


def test_clerk_previews_then_drafts_then_issues_a_decision(awards, client_as):
    nominations = [awards.nominate("CSTDCS"), awards.nominate("CSTDCS", person=awards.p.person_b)]
    awards.approved(nominations)
    create = reverse("awards:decision_create")
    assert client_as(awards.p.council_member).get(create).status_code == 403
    client = client_as(awards.p.clerk)
    data = {**header(awards, "QĐ-VKS"), "nominations": [n.pk for n in nominations]}
    preview = client.post(create, data)
    assert preview.status_code == 200
    assert "2 hồ sơ sẽ được đưa vào" in preview.content.decode()
    assert not Decision.objects.exists()
    response = client.post(create, {**data, "confirm": "1"})
    decision = Decision.objects.get()
    assert response.url == decision.get_absolute_url()
    issue = reverse("awards:decision_issue", args=[decision.pk])
    assert client.get(issue).status_code == 405
    assert client_as(awards.p.officer_b).post(issue).status_code == 404
    assert client_as(awards.p.chair).post(issue).status_code == 403
    client_as(awards.p.clerk).post(issue)
    decision.refresh_from_db()
    assert (decision.status, decision.number) == (DocumentStatus.ISSUED, "1/QĐ-VKS")
    client_as(awards.p.clerk).post(issue)
    decision.refresh_from_db()
    assert decision.number == "1/QĐ-VKS"
    text = pdf_text(
        client_as(awards.p.clerk).get(reverse("awards:decision_pdf", args=[decision.pk]))
    )
    assert "1/QĐ-VKS" in text and nominations[0].person.full_name in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_correction_page_revokes_a_conferral(awards, client_as):
    nomination = awards.nominate("CSTDCS")
    awards.approved([nomination])
    decision = issued_decision(awards, nomination)
    nomination.refresh_from_db()
    correct = reverse("awards:decision_correct", args=[decision.pk])
    data = {
        **header(awards, "QĐ-VKS"),
        "reason": "Sai đối tượng",
        "conferrals": [nomination.conferral_id],
    }
    assert client_as(awards.p.clerk).get(correct).status_code == 405
    assert client_as(awards.p.officer_b).post(correct, data).status_code == 404
    assert client_as(awards.p.chair).post(correct, data).status_code == 403
    response = client_as(awards.p.clerk).post(correct, data)
    correction = Decision.objects.get(corrects=decision)
    assert response.url == correction.get_absolute_url()
    client_as(awards.p.clerk).post(reverse("awards:decision_issue", args=[correction.pk]))
    nomination.refresh_from_db()
    assert nomination.status == S.REVOKED


def test_proposal_pages_record_the_outcome(awards, client_as):
    nomination = awards.nominate("BKN")
    awards.approved([nomination])
    client = client_as(awards.p.clerk)
    data = {**header(awards, "TTr-VKS"), "addressee": "Viện trưởng VKSND tối cao"}
    client.post(
        reverse("awards:proposal_create"), {**data, "nominations": [nomination.pk], "confirm": "1"}
    )
    proposal = Proposal.objects.get()
    client.post(reverse("awards:proposal_issue", args=[proposal.pk]))
    outcome = reverse("awards:proposal_outcome", args=[proposal.pk])
    answer = {"nominations": [nomination.pk], "conferred": "1", "number": "99/QĐ-VKSTC"}
    answer["date"] = "2024-01-15"
    assert client.get(outcome).status_code == 405
    assert client_as(awards.p.officer_b).post(outcome, answer).status_code == 404
    assert client_as(awards.p.chair).post(outcome, answer).status_code == 403
    client_as(awards.p.clerk).post(outcome, {**answer, "number": ""})
    nomination.refresh_from_db()
    assert nomination.status == S.PROPOSED
    client_as(awards.p.clerk).post(outcome, answer)
    nomination.refresh_from_db()
    assert nomination.status == S.CONFERRED
    assert nomination.conferral.decision_number == "99/QĐ-VKSTC"
    text = pdf_text(
        client_as(awards.p.clerk).get(reverse("awards:proposal_pdf", args=[proposal.pk]))
    )
    assert "1/TTr-VKS" in text


@pytest.mark.parametrize("model, name", [(Decision, "decisions"), (Proposal, "proposals")])
@pytest.mark.parametrize("rows", [5, 50])
def test_document_list_queries(awards, client_as, django_assert_num_queries, rows, model, name):
    model.objects.bulk_create(
        model(issuer_unit=awards.p.province, year=2023, symbol="S", subject=f"D{n}")
        for n in range(rows)
    )
    client = client_as(awards.p.clerk)
    # session, user, groups, units (scope), count, page of
    # documents with their item counts
    with django_assert_num_queries(6):
        response = client.get(reverse(f"awards:{name}"))
    assert response.content.decode().count('data-status="draft"') == rows


def test_dashboard_panels(awards, client_as):
    nomination = awards.nominate("CSTDCS")
    services.submit(awards.p.clerk, [nomination])
    page = client_as(awards.p.clerk).get(reverse("records:dashboard")).content.decode()
    assert 'data-panel="nominations_to_screen"' in page and nomination.get_absolute_url() in page
    assert 'data-panel="approved_without_decision"' in page
    session = awards.on_agenda([awards.nominate("CSTDCS", person=awards.p.person_b)])
    services.open_session(awards.p.clerk, session)
    page = client_as(awards.p.council_member).get(reverse("records:dashboard")).content.decode()
    assert 'data-panel="sessions_to_vote"' in page and session.get_absolute_url() in page
    page = client_as(awards.p.officer_a).get(reverse("records:dashboard")).content.decode()
    assert 'data-panel="unit_nominations"' in page


@pytest.mark.parametrize("kind", ["decision", "proposal"])
def test_discarding_a_draft_frees_its_nominations(awards, client_as, kind):
    code = "CSTDCS" if kind == "decision" else "BKN"
    nomination = awards.nominate(code)
    awards.approved([nomination])
    fields = fields_for(awards, "X")
    if kind == "decision":
        document = services.draft_decision(awards.p.clerk, [nomination], **fields)
    else:
        document = services.draft_proposal(awards.p.clerk, [nomination], "VKSTC", **fields)
    discard = reverse(f"awards:{kind}_discard", args=[document.pk])
    assert client_as(awards.p.clerk).get(discard).status_code == 405
    assert client_as(awards.p.officer_b).post(discard).status_code == 404
    assert client_as(awards.p.chair).post(discard).status_code == 403
    client_as(awards.p.clerk).post(discard)
    assert not type(document).objects.exists()
    nomination.refresh_from_db()
    assert nomination.status == S.APPROVED
    assert nomination.decision is None and nomination.proposal is None
    # Discarding again: the draft is gone.
    assert client_as(awards.p.clerk).post(discard).status_code == 404


def test_an_issued_decision_cannot_be_discarded(awards):
    nomination = awards.nominate("CSTDCS")
    awards.approved([nomination])
    decision = issued_decision(awards, nomination)
    with pytest.raises(services.TransitionError):
        services.discard_draft(awards.p.clerk, decision)
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_correction_page_amends_a_campaign(awards, client_as):
    nomination = awards.nominate("GK", method="thematic", campaign="Phong trào A")
    awards.approved([nomination])
    decision = issued_decision(awards, nomination)
    nomination.refresh_from_db()
    data = {**header(awards, "QĐ-VKS"), "reason": "Sai phong trào"}
    data |= {"conferrals": [nomination.conferral_id], "new_campaign": "Phong trào B"}
    client = client_as(awards.p.clerk)
    response = client.post(reverse("awards:decision_correct", args=[decision.pk]), data)
    correction = Decision.objects.get(corrects=decision)
    assert "Phong trào B" in client.get(response.url).content.decode()
    client.post(reverse("awards:decision_issue", args=[correction.pk]))
    nomination.refresh_from_db()
    assert nomination.conferral.campaign == "Phong trào B"
    text = pdf_text(client.get(reverse("awards:decision_pdf", args=[correction.pk])))
    assert "Phong trào B" in text
