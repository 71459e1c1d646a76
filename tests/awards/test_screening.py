"""Screening with the eligibility engine (issue 6): the result and its reasons on the nomination
and session pages, the quota meter on the nomination list, and the written justification needed
to screen a recipient who is not eligible or a nomination past the quota."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from awards import screening, services
from awards.models import Nomination, NominationStatus
from records.models import AuditEvent, Discipline, Rating, RecipientType
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db
YEAR = 2023


def rate(people, rating="good"):
    Rating.objects.bulk_create(
        Rating(year=YEAR, recipient_type=RecipientType.INDIVIDUAL, person=person, rating=rating)
        for person in people
    )


@pytest.fixture
def ineligible(awards):
    """An LDTT nomination for person B, disciplined in the year: not eligible."""
    person = awards.p.person_b
    rate([person])
    Discipline.objects.create(
        person=person, level="warning", start_date=f"{YEAR}-03-01", decision_number="1/KL"
    )
    nomination = awards.nominate("LDTT", person=person, proposing_unit=awards.p.unit_b)
    services.submit(awards.p.clerk, [nomination])
    return nomination


def agenda_url(nomination):
    return reverse("awards:nomination_step", args=[nomination.pk, "agenda"])


def test_screening_an_ineligible_recipient_needs_a_justification(awards, ineligible):
    session = awards.session()
    with translation.override("en"), pytest.raises(services.TransitionError, match="justif"):
        services.put_on_agenda(awards.p.clerk, session, [ineligible])
    ineligible.refresh_from_db()
    assert ineligible.status == NominationStatus.SUBMITTED and not session.items.exists()
    services.put_on_agenda(awards.p.clerk, session, [ineligible], "  Lập công đột xuất.  ")
    ineligible.refresh_from_db()
    assert ineligible.status == NominationStatus.SCREENED
    assert ineligible.justification == "Lập công đột xuất."
    event = AuditEvent.objects.get(object_id=str(ineligible.pk), action="justified")
    assert event.reason == "Lập công đột xuất." and event.actor == awards.p.clerk
    assert "not eligible" in event.details["concerns"][0] or event.details["concerns"]


def test_an_eligible_recipient_needs_no_justification(awards):
    rate([awards.p.person_a])
    nomination = awards.nominate("LDTT", person=awards.p.person_a)
    services.submit(awards.p.clerk, [nomination])
    services.put_on_agenda(awards.p.clerk, awards.session(), [nomination])
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SCREENED and nomination.justification == ""


def test_past_the_quota_needs_a_justification(awards):
    p = awards.p
    people = [p.person_a, p.clerk_person, p.member_person, *awards.extra[:3]]
    rate(people, "excellent")
    ldtt = [awards.nominate("LDTT", person=person) for person in people]
    awards.on_agenda(ldtt)  # 6 LDTT under way in the province: 15 % → 0 CSTDCS, at least 0
    meter = screening.quota_for(YEAR, p.province, "CSTDCS")
    assert (meter.base_count, meter.limit, meter.used) == (6, 0, 0)
    fighter = awards.nominate("CSTDCS", person=p.person_a)
    services.submit(p.clerk, [fighter])
    with translation.override("en"), pytest.raises(services.TransitionError, match="quota"):
        services.put_on_agenda(p.clerk, awards.session(), [fighter])
    services.put_on_agenda(p.clerk, awards.session(), [fighter], "Đề nghị vượt tỷ lệ có lý do.")
    assert Nomination.objects.get(pk=fighter.pk).justification


def test_screening_view_refuses_without_justification_and_keeps_it(awards, ineligible, client_as):
    session = awards.session()
    client = client_as(awards.p.clerk)
    page = client.get(ineligible.get_absolute_url())
    assert page.context["eligibility"].status == "not_eligible"
    assert 'name="justification"' in page.content.decode()
    response = client.post(agenda_url(ineligible), {"session": session.pk}, follow=True)
    assert "justification" in response.content.decode() or "giải trình" in response.content.decode()
    assert Nomination.objects.get(pk=ineligible.pk).status == NominationStatus.SUBMITTED
    client.post(agenda_url(ineligible), {"session": session.pk, "justification": "Có lý do."})
    assert Nomination.objects.get(pk=ineligible.pk).status == NominationStatus.SCREENED
    assert client.get(agenda_url(ineligible)).status_code == 405


def test_session_page_shows_each_candidates_eligibility(awards, ineligible, client_as):
    session = awards.session()
    page = client_as(awards.p.clerk).get(session.get_absolute_url())
    (candidate,) = page.context["candidates"]
    assert candidate.eligibility.status == "not_eligible"
    assert 'name="justification"' in page.content.decode()


def test_the_justification_is_printed_in_the_decision(awards, ineligible, client_as):
    awards.justification = "Lý do đặc biệt."
    again = awards.nominate("LDTT", person=awards.p.person_b, proposing_unit=awards.p.unit_b)
    awards.approved([again])
    decision = services.draft_decision(
        awards.p.clerk,
        [again],
        issuer_unit=awards.p.province,
        year=YEAR,
        symbol="QĐ-VKS",
        date=date(2023, 12, 20),
        issuing_body="VKSND tỉnh Sơn La",
        signer="Hoàng Văn Trưởng",
        signer_position="Viện trưởng",
        subject="Về việc khen thưởng",
    )
    client = client_as(awards.p.clerk)
    assert "Lý do đặc biệt." in client.get(again.get_absolute_url()).content.decode()
    text = pdf_text(client.get(reverse("awards:decision_pdf", args=[decision.pk])))
    assert "Lý do đặc biệt." in text


def test_nomination_list_shows_the_quota_meters(awards, client_as):
    rate([awards.p.person_a])
    awards.on_agenda([awards.nominate("LDTT", person=awards.p.person_a)])
    page = client_as(awards.p.clerk).get(reverse("awards:nominations"), {"year": YEAR})
    meters = {meter.honour: meter for meter in page.context["quotas"]}
    assert set(meters) == {"CSTDCS", "TTLDXS"}
    assert meters["CSTDCS"].base_count == 1
    assert 'id="quota-meters"' in page.content.decode()


def test_edit_form_shows_eligibility_and_the_registration_warning(awards, client_as):
    draft = awards.nominate("LDTT", person=awards.p.person_b, proposing_unit=awards.p.unit_b)
    page = client_as(awards.p.clerk).get(reverse("awards:nomination_edit", args=[draft.pk]))
    assert page.context["eligibility"].status == "needs_info"  # no rating for 2023
    assert awards.p.person_b.full_name in page.context["registration_warning"]
    assert 'id="nomination-eligibility"' in page.content.decode()
