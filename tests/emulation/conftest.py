"""Helpers for the emulation tests: honours by code, registration sheets, clusters."""

from datetime import date
from decimal import Decimal

import pytest

from emulation.models import (
    Cluster,
    ClusterMember,
    MemberRole,
    Pledge,
    PledgeCriterion,
    Registration,
    RegistrationSheet,
)
from records.models import Conferral, Honour, Person, RecipientType


@pytest.fixture
def honours(db):
    return {honour.code: honour for honour in Honour.objects.all()}


def grant_title(unit, year, honours, code="TTLDTT"):
    """Put a collective emulation title for `unit` in `year` into the ledger."""
    return Conferral.objects.create(
        year=year,
        recipient_type=RecipientType.COLLECTIVE,
        unit=unit,
        honour=honours[code],
        method="regular",
        decision_number=f"{year}/QĐ-{unit.code}",
        source="import",
    )


def make_sheet(unit, year, honours, status="draft", code="LDTT"):
    sheet = RegistrationSheet.objects.create(unit=unit, year=year, status=status)
    Registration.objects.bulk_create(
        Registration(
            sheet=sheet,
            year=year,
            recipient_type=RecipientType.INDIVIDUAL,
            person=person,
            unit=unit,
            honour=honours[code],
        )
        for person in Person.objects.filter(unit=unit)
    )
    return sheet


def make_cluster(organiser, units, year=2023, leader=None, criteria=(40, 30, 30)):
    """A cluster of `units` (the first leads, unless `leader` says otherwise) with a draft pledge
    whose criteria have the given maximum points."""
    cluster = Cluster.objects.create(name=f"Cụm {year}", year=year, organiser=organiser)
    leader = leader or units[0]
    ClusterMember.objects.bulk_create(
        ClusterMember(
            cluster=cluster,
            unit=unit,
            role=MemberRole.LEADER if unit == leader else MemberRole.MEMBER,
        )
        for unit in units
    )
    pledge = Pledge.objects.create(cluster=cluster, title=f"Giao ước {year}")
    PledgeCriterion.objects.bulk_create(
        PledgeCriterion(pledge=pledge, number=n, text=f"Tiêu chí {n}", max_points=Decimal(points))
        for n, points in enumerate(criteria, start=1)
    )
    return cluster


SIGNING_DAY = date(2023, 2, 6)
