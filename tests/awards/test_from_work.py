"""Nominations made from the other apps' work: the accepted registrations (issue 5, in bulk) and
a cluster's ranking (the sector flag proposal)."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from awards import services
from awards.models import Nomination, NominationStatus
from emulation.models import (
    Cluster,
    ClusterScore,
    FlagProposal,
    Registration,
    RegistrationSheet,
    SheetStatus,
)
from records.models import AuditEvent, RecipientType

pytestmark = pytest.mark.django_db
YEAR = 2023


def sheet(unit, honours, status=SheetStatus.ACCEPTED, people=(), collective=None):
    made = RegistrationSheet.objects.create(unit=unit, year=YEAR, status=status)
    lines = [
        Registration(
            sheet=made,
            year=YEAR,
            recipient_type=RecipientType.INDIVIDUAL,
            person=person,
            unit=unit,
            honour=honours[code],
        )
        for person, code in people
    ]
    if collective:
        lines.append(
            Registration(
                sheet=made,
                year=YEAR,
                recipient_type=RecipientType.COLLECTIVE,
                unit=unit,
                honour=honours[collective],
            )
        )
    Registration.objects.bulk_create(lines)
    return made


@pytest.fixture
def sheets(awards):
    p, h = awards.p, awards.honours
    sheet(p.unit_a, h, people=[(p.person_a, "CSTDCS")], collective="TTLDTT")
    sheet(p.unit_b, h, people=[(p.person_b, "LDTT")])
    sheet(p.office, h, SheetStatus.SUBMITTED, people=[(p.clerk_person, "LDTT")])


def created():
    return sorted(
        Nomination.objects.values_list("honour__code", "recipient_type", "unit__code", "status")
    )


def test_clerk_creates_drafts_from_every_accepted_sheet(awards, sheets):
    counts = services.create_from_registrations(awards.p.clerk, YEAR)
    assert counts == {"created": 3, "skipped": 0}
    assert created() == [
        ("CSTDCS", "individual", "SL-A", "draft"),
        ("LDTT", "individual", "SL-B", "draft"),
        ("TTLDTT", "collective", "SL-A", "draft"),
    ]
    first = Nomination.objects.get(honour__code="CSTDCS")
    assert first.proposing_unit == awards.p.unit_a
    # The service's own event, with its reason (beside the record-change event of the row).
    event = AuditEvent.objects.exclude(reason="").get(
        object_type="awards.nomination", object_id=str(first.pk), action="created"
    )
    assert "2023" in event.reason and event.actor == awards.p.clerk
    # Repeats (and recipients already nominated by hand) are skipped.
    assert services.create_from_registrations(awards.p.clerk, YEAR) == {
        "created": 0,
        "skipped": 3,
    }
    assert Nomination.objects.count() == 3


def test_already_nominated_recipients_are_skipped_unless_withdrawn(awards, sheets):
    by_hand = awards.nominate("LDTT", person=awards.p.person_b)
    counts = services.create_from_registrations(awards.p.clerk, YEAR, awards.p.unit_b)
    assert counts == {"created": 0, "skipped": 1}
    services.withdraw(awards.p.clerk, [by_hand], "nhầm")
    assert services.create_from_registrations(awards.p.clerk, YEAR, awards.p.unit_b)["created"] == 1


def test_unit_officer_creates_for_their_own_unit_only(awards, sheets):
    officer = awards.p.officer_a
    assert services.create_from_registrations(officer, YEAR) == {"created": 2, "skipped": 0}
    assert {row[2] for row in created()} == {"SL-A"}
    with pytest.raises(PermissionDenied):
        services.create_from_registrations(officer, YEAR, awards.p.unit_b)
    with pytest.raises(PermissionDenied):
        services.create_from_registrations(awards.p.council_member, YEAR)


def test_from_registrations_page_confirms_the_count_then_creates(awards, sheets, client_as):
    url = reverse("awards:from_registrations")
    client = client_as(awards.p.clerk)
    page = client.get(url, {"year": YEAR})
    assert page.status_code == 200
    assert page.context["preview"]["skipped"] == 0
    assert len(page.context["preview"]["entries"]) == 3
    assert not Nomination.objects.exists()  # the GET only counts
    response = client.post(url, {"year": YEAR})
    assert response.status_code == 302
    assert Nomination.objects.count() == 3
    client.post(url, {"year": YEAR})
    assert Nomination.objects.count() == 3
    assert client_as(awards.p.council_member).get(url).status_code == 403
    assert client_as(awards.p.council_member).post(url, {"year": YEAR}).status_code == 403
    # A unit outside the officer's scope is not a choice.
    response = client_as(awards.p.officer_a).post(url, {"year": YEAR, "unit": awards.p.unit_b.pk})
    assert response.status_code == 200 and Nomination.objects.count() == 3


def test_nomination_page_warns_when_the_recipient_did_not_register(awards, sheets, client_as):
    registered = awards.nominate("CSTDCS", person=awards.p.person_a)
    unregistered = awards.nominate("CSTDCS", person=awards.p.person_b)
    client = client_as(awards.p.clerk)
    assert client.get(registered.get_absolute_url()).context["registration_warning"] is None
    warning = client.get(unregistered.get_absolute_url()).context["registration_warning"]
    assert awards.p.person_b.full_name in warning


@pytest.fixture
def proposal(awards):
    cluster = Cluster.objects.create(name="Khối phòng", year=YEAR, organiser=awards.p.province)
    ClusterScore.objects.create(cluster=cluster, unit=awards.p.unit_b, total=Decimal(90), rank=2)
    return ClusterScore.objects.create(
        cluster=cluster,
        unit=awards.p.office,
        total=Decimal(95),
        rank=1,
        flag_proposal=FlagProposal.PROPOSED,
    )


def test_flag_nomination_from_the_cluster_ranking(awards, proposal):
    nomination = services.create_flag_nomination(awards.p.clerk, proposal)
    assert (nomination.honour.code, nomination.unit, nomination.year) == (
        "CTDN",
        awards.p.office,
        YEAR,
    )
    assert nomination.recipient_type == RecipientType.COLLECTIVE
    assert nomination.proposing_unit == awards.p.province
    assert nomination.status == NominationStatus.DRAFT
    proposal.refresh_from_db()
    assert proposal.flag_proposal == FlagProposal.NOMINATED
    assert not ClusterScore.objects.flag_proposals(YEAR).exists()
    with pytest.raises(services.TransitionError):
        services.create_flag_nomination(awards.p.clerk, proposal)
    assert Nomination.objects.count() == 1


def test_flag_nomination_needs_a_clerk_in_scope(awards, proposal):
    for user in (awards.p.officer_b, awards.p.council_member):
        with pytest.raises(PermissionDenied):
            services.create_flag_nomination(user, proposal)
    assert not Nomination.objects.exists()


def test_flag_nomination_button(awards, proposal, client_as):
    url = reverse("awards:flag_nomination", args=[proposal.pk])
    clerk = client_as(awards.p.clerk)
    listing = clerk.get(reverse("awards:nominations"))
    assert list(listing.context["flag_proposals"]) == [proposal]
    assert url in listing.content.decode()
    assert clerk.get(url).status_code == 405
    assert clerk.post(url).status_code == 302
    assert Nomination.objects.filter(honour__code="CTDN").count() == 1
    assert clerk.post(url).status_code == 404  # no longer waiting
    assert Nomination.objects.count() == 1
    assert client_as(awards.p.officer_a).post(url).status_code == 403
