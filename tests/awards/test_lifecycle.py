from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from awards import ledger, services
from awards.models import Decision, DocumentStatus, Outcome, Revocation
from awards.models import NominationStatus as S
from records.models import AuditEvent, Conferral, ConferralSource

pytestmark = pytest.mark.django_db

HEADER = {
    "year": 2023,
    "symbol": "QĐ-VKS",
    "date": date(2023, 12, 20),
    "issuing_body": "Viện kiểm sát nhân dân tỉnh Sơn La",
    "signer": "Hoàng Văn Trưởng",
    "signer_position": "Viện trưởng",
    "subject": "Về việc khen thưởng năm 2023",
}


def header(awards, **changes):
    return {"issuer_unit": awards.p.province, **HEADER, **changes}


def refresh(*objects):
    for obj in objects:
        obj.refresh_from_db()


def test_agency_honour_goes_from_draft_to_the_ledger(awards):
    clerk = awards.p.clerk
    nomination = awards.nominate("CSTDCS")
    assert nomination.status == S.DRAFT
    session = awards.approved([nomination])
    refresh(nomination)
    assert nomination.status == S.APPROVED
    item = session.items.get()
    assert item.outcome == Outcome.APPROVED
    # Told in the reader's language and number format.
    assert item.arithmetic.startswith("11 / 11 thành viên = 100,0 % ≥ 80 %")
    with translation.override("en"):
        assert item.arithmetic.startswith("11 / 11 members = 100.0 % ≥ 80 % of all members")
    decision = services.draft_decision(clerk, [nomination], **header(awards))
    refresh(nomination)
    assert nomination.status == S.IN_DECISION and nomination.decision == decision
    services.issue_decision(clerk, decision)
    refresh(nomination, decision)
    assert decision.number == "1/QĐ-VKS" and decision.status == DocumentStatus.ISSUED
    assert nomination.status == S.CONFERRED
    conferral = nomination.conferral
    assert conferral.source == ConferralSource.DECISION
    assert conferral.decision_number == "1/QĐ-VKS"
    assert (conferral.person, conferral.honour.code, conferral.year) == (
        awards.p.person_a,
        "CSTDCS",
        2023,
    )
    steps = [(e.from_state, e.to_state) for e in services.timeline(nomination).order_by("id")]
    assert steps == [
        ("", S.DRAFT),
        (S.DRAFT, S.SUBMITTED),
        (S.SUBMITTED, S.SCREENED),
        (S.SCREENED, S.IN_SESSION),
        (S.IN_SESSION, S.APPROVED),
        (S.APPROVED, S.IN_DECISION),
        (S.IN_DECISION, S.CONFERRED),
    ]
    assert all(e.actor == clerk for e in services.timeline(nomination))


def test_higher_honour_is_proposed_and_its_outcome_writes_the_ledger(awards):
    clerk = awards.p.clerk
    kept, refused = awards.nominate("BKN"), awards.nominate("BKN", person=awards.p.person_b)
    awards.approved([kept, refused])
    with pytest.raises(services.TransitionError):
        services.draft_decision(clerk, [kept], **header(awards))
    proposal = services.draft_proposal(
        clerk, [kept, refused], "Viện trưởng VKSND tối cao", **header(awards, symbol="TTr-VKS")
    )
    services.issue_proposal(clerk, proposal)
    refresh(kept, refused, proposal)
    assert proposal.number == "1/TTr-VKS"
    assert kept.status == refused.status == S.PROPOSED
    services.record_outcome(clerk, proposal, [refused], conferred=False)
    services.record_outcome(
        clerk, proposal, [kept], True, "2045/QĐ-VKSTC", date(2024, 1, 10), "VKSND tối cao"
    )
    refresh(kept, refused)
    assert refused.status == S.DECLINED and refused.conferral is None
    assert kept.status == S.CONFERRED
    assert kept.higher_decision_number == "2045/QĐ-VKSTC"
    assert kept.conferral.decision_number == "2045/QĐ-VKSTC"
    assert kept.conferral.issuer == "VKSND tối cao"
    # Recording it again changes nothing.
    with pytest.raises(services.TransitionError):
        services.record_outcome(clerk, proposal, [kept], True, "1/X", date(2024, 1, 1))
    assert Conferral.objects.count() == 1


def test_issued_decision_is_corrected_by_a_new_decision_and_the_ledger_keeps_both(awards):
    clerk = awards.p.clerk
    nomination = awards.nominate("CSTDCS")
    awards.approved([nomination])
    decision = services.draft_decision(clerk, [nomination], **header(awards))
    services.issue_decision(clerk, decision)
    with pytest.raises(services.TransitionError):
        services.issue_decision(clerk, decision)
    refresh(nomination)
    correction = services.draft_correction(
        clerk, decision, [nomination.conferral], "Trùng thành tích", **header(awards)
    )
    assert ledger.active_conferrals().count() == 1  # a draft revokes nothing yet
    services.issue_decision(clerk, correction)
    refresh(nomination, correction)
    assert correction.number == "2/QĐ-VKS"
    assert nomination.status == S.REVOKED
    assert Conferral.objects.count() == 1
    assert ledger.active_conferrals().count() == 0
    assert list(ledger.revoked_conferrals()) == [nomination.conferral]
    assert Decision.objects.filter(status=DocumentStatus.ISSUED).count() == 2


def test_returned_nomination_can_be_resubmitted_and_withdrawn_before_the_session(awards):
    clerk, officer = awards.p.clerk, awards.p.officer_a
    nomination = services.create_nomination(
        officer, awards.entry("LDTT", proposing_unit=awards.p.unit_a)
    )
    services.submit(officer, [nomination])
    with pytest.raises(services.TransitionError):
        services.return_for_information(clerk, [nomination], "  ")
    services.return_for_information(clerk, [nomination], "Thiếu báo cáo thành tích")
    refresh(nomination)
    assert nomination.status == S.RETURNED
    assert nomination.status_reason == "Thiếu báo cáo thành tích"
    services.submit(officer, [nomination])
    session = awards.session()
    services.put_on_agenda(clerk, session, [nomination])
    services.withdraw(officer, [nomination], "Đơn vị rút hồ sơ")
    refresh(nomination)
    assert nomination.status == S.WITHDRAWN
    assert not session.items.exists()
    event = services.timeline(nomination).get(to_state=S.WITHDRAWN)
    assert (event.actor, event.from_state, event.reason) == (
        officer,
        S.SCREENED,
        "Đơn vị rút hồ sơ",
    )


def test_refusals_change_nothing(awards):
    clerk, officer_b = awards.p.clerk, awards.p.officer_b
    nomination = awards.nominate("CSTDCS")
    services.submit(clerk, [nomination])
    events = AuditEvent.objects.count()
    with pytest.raises(services.TransitionError):
        services.submit(clerk, [nomination])
    with pytest.raises(PermissionDenied):
        services.submit(officer_b, [nomination])  # proposed by the province: outside B's scope
    with pytest.raises(PermissionDenied):
        services.return_for_information(awards.p.officer_a, [nomination], "x")
    session = awards.open([awards.nominate("CSTDCS", person=awards.p.person_b)], mode="paper")
    services.put_on_agenda(clerk, awards.session(), [nomination])
    refresh(nomination)
    services.open_session(clerk, nomination.agenda_items.get().session)
    with pytest.raises(services.TransitionError):
        services.withdraw(clerk, [nomination], "too late")
    refresh(nomination)
    assert nomination.status == S.IN_SESSION
    assert session.status == "open"
    assert AuditEvent.objects.filter(to_state=S.WITHDRAWN).count() == 0
    assert AuditEvent.objects.count() > events


def test_a_thematic_nomination_needs_its_campaign(awards):
    with pytest.raises(services.TransitionError):
        awards.nominate("GK", method="thematic")
    nomination = awards.nominate("GK", method="thematic", campaign="Thi đua đặc biệt")
    assert nomination.campaign == "Thi đua đặc biệt"


def test_a_collective_honour_refuses_a_person(awards):
    with pytest.raises(services.TransitionError):
        awards.nominate("TTLDXS")
    nomination = awards.nominate("TTLDXS", unit=awards.p.unit_a)
    assert nomination.recipient == awards.p.unit_a


def test_a_correction_amends_an_entry_and_the_ledger_keeps_both(awards):
    clerk = awards.p.clerk
    nomination = awards.nominate("GK", method="thematic", campaign="Phong trào A")
    awards.approved([nomination])
    decision = services.draft_decision(clerk, [nomination], **header(awards))
    services.issue_decision(clerk, decision)
    nomination.refresh_from_db()
    old = nomination.conferral
    with pytest.raises(services.TransitionError):
        services.draft_correction(
            clerk, decision, [old], "x", {"method": "thematic"}, **header(awards)
        )
    correction = services.draft_correction(
        clerk, decision, [old], "Sai tên phong trào", {"campaign": "Phong trào B"}, **header(awards)
    )
    services.issue_decision(clerk, correction)
    nomination.refresh_from_db()
    correction.refresh_from_db()
    assert nomination.status == S.CONFERRED
    new = nomination.conferral
    assert new != old and Conferral.objects.count() == 2
    assert (new.campaign, new.method, new.decision_number) == (
        "Phong trào B",
        "thematic",
        correction.number,
    )
    assert list(ledger.active_conferrals()) == [new]
    assert Revocation.objects.get(conferral=old).replacement == new
    assert services.timeline(nomination).last().action == "amended"


def test_more_refusals_change_nothing(awards):
    clerk = awards.p.clerk
    first, second = awards.nominate("CSTDCS"), awards.nominate("LDTT")
    session = awards.open([first])
    services.submit(clerk, [second])
    with pytest.raises(services.TransitionError):  # the agenda is fixed once the vote opened
        services.put_on_agenda(clerk, session, [second])
    with pytest.raises(services.TransitionError):  # another year than the session's
        other_year = awards.nominate("CSTDCS", person=awards.p.person_b, year=2022)
        services.submit(clerk, [other_year])
        services.put_on_agenda(clerk, awards.session(), [other_year])
    with pytest.raises(services.TransitionError):
        services.open_session(clerk, session)
    with pytest.raises(services.TransitionError):  # an empty agenda cannot open
        services.open_session(clerk, awards.session())
    approved = awards.nominate("CSTDCS", person=awards.p.chair_person)
    awards.approved([approved])
    draft = services.draft_decision(clerk, [approved], **header(awards))
    with pytest.raises(services.TransitionError):  # only an issued decision is corrected
        services.draft_correction(clerk, draft, [], "x", **header(awards))
    with pytest.raises(services.TransitionError):  # already in a draft
        services.draft_decision(clerk, [approved], **header(awards))
    services.issue_decision(clerk, draft)
    stranger = Conferral.objects.create(
        year=2023,
        recipient_type="collective",
        unit=awards.p.unit_b,
        honour=awards.honours["TTLDTT"],
        method="regular",
        decision_number="9/QĐ",
        source="import",
    )
    with pytest.raises(services.TransitionError):  # not written by this decision
        services.draft_correction(clerk, draft, [stranger], "x", **header(awards))
    with pytest.raises(services.TransitionError):  # a correction needs its reason
        services.draft_correction(clerk, draft, [stranger], " ", **header(awards))
    second.refresh_from_db()
    assert second.status == S.SUBMITTED
    assert Decision.objects.count() == 1
    assert not Revocation.objects.exists()
