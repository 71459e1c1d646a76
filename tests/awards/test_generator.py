"""generate_sector: sizes, determinism, refusal to run twice, and the query budget of every list
and report page at two data sizes."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from awards import generator
from awards.models import CouncilSession, Decision, Nomination, Participation
from emulation.models import Registration
from initiatives.models import Author, Initiative, Recognition
from records.models import AuditEvent, Conferral, Discipline, Person, Rating, Unit, User

TINY = generator.Sizes(provinces=2, regional=3, people=100, years=1, conferrals=200)
LARGER = generator.Sizes(provinces=2, regional=5, people=250, years=2, conferrals=1000)


class Rollback(Exception):
    pass


def generated(sizes, seed, read):
    """What `read()` returns after generating `sizes`; the rows are rolled back afterwards."""
    try:
        with transaction.atomic():
            generator.generate(sizes, seed, log=lambda line: None)
            result = read()
            raise Rollback
    except Rollback:
        return result


def snapshot():
    return (
        list(Unit.objects.order_by("code").values_list("code", "kind", "parent__code")),
        list(
            Person.objects.order_by("staff_code").values_list(
                "staff_code", "full_name", "unit__code"
            )
        ),
        list(
            Conferral.objects.order_by(
                "person__staff_code", "unit__code", "year", "decision_number"
            ).values_list(
                "person__staff_code", "unit__code", "honour__code", "year", "decision_number"
            )
        ),
        list(
            Rating.objects.order_by("year", "person__staff_code", "unit__code").values_list(
                "rating"
            )
        ),
        list(
            Initiative.objects.order_by("code").values_list(
                "code", "status", "authors__person__staff_code"
            )
        ),
        list(
            Nomination.objects.order_by("person__staff_code", "year").values_list(
                "person__staff_code", "status"
            )
        ),
    )


@pytest.mark.django_db
def test_sizes_and_workflow():
    call_command(
        "generate_sector",
        "--provinces",
        "2",
        "--regional",
        "3",
        "--people",
        "60",
        "--years",
        "2",
        "--conferrals",
        "300",
        stdout=io.StringIO(),
    )
    # supreme + 8 departments, 2 provinces with 6 departments each, 3 regional units
    assert Unit.objects.filter(code__startswith="S-").count() == 1 + 8 + 2 * 7 + 3
    assert Person.objects.filter(staff_code__startswith="S").count() == 60
    units = Unit.objects.filter(code__startswith="S-").count()
    assert Rating.objects.count() == 2 * (60 + units)
    assert Discipline.objects.count() == 2
    # about the conferrals asked for, plus the decisions of last year's sessions
    imported = Conferral.objects.filter(source="import").count()
    assert 250 <= imported <= 350
    assert Conferral.objects.exclude(source="import").count() > 0
    assert Registration.objects.count() == 60 + units
    assert Author.objects.count() >= Initiative.objects.count() == 2
    assert Recognition.objects.count() <= 2
    sessions = CouncilSession.objects.order_by("year", "council__unit__code")
    assert [(s.year, s.status) for s in sessions] == [
        (2024, "closed"),
        (2024, "closed"),
        (2025, "open"),
        (2025, "open"),
    ]
    assert Participation.objects.count() == 2 * 3  # all but the last member voted
    assert Decision.objects.filter(status="issued").count() == 2
    assert User.objects.filter(username="s-p01.hoidong3").exists()
    assert AuditEvent.objects.filter(action="generated").count() == 5
    with pytest.raises(CommandError, match="already"):
        call_command("generate_sector", "--scale", "0.001")


@pytest.mark.django_db
def test_same_seed_same_data():
    first = generated(TINY, 7, snapshot)
    again = generated(TINY, 7, snapshot)
    other = generated(TINY, 8, snapshot)
    assert first == again
    assert first[1] != other[1]


def test_scale_keeps_the_years():
    assert generator.Sizes().scaled(0.1) == generator.Sizes(
        provinces=3, regional=36, people=1500, years=10, conferrals=40000
    )


def pages():
    person = Person.objects.filter(unit__code="S-P01-D1").order_by("staff_code")[0]
    session = CouncilSession.objects.get(council__unit__code="S-P01", status="open")
    decision = Decision.objects.filter(issuer_unit__code="S-P01")[0]
    return [
        ("s-p01.vanphong", "/"),
        ("s-p01.vanphong", "/units/"),
        ("s-p01.vanphong", "/units/S-P01/"),
        ("s-p01.vanphong", "/people/?q=nguyen"),
        ("s-p01.vanphong", f"/people/{person.staff_code}/"),
        ("s-p01.vanphong", "/awards/nominations/?year=2025"),
        ("s-p01.vanphong", "/awards/sessions/"),
        ("s-p01.vanphong", "/awards/decisions/"),
        ("s-p01.vanphong", f"/awards/decisions/{decision.pk}/"),
        ("s-p01.vanphong", "/awards/proposals/"),
        ("s-p01.hoidong3", f"/awards/sessions/{session.pk}/"),
        ("s-p01.vanphong", "/initiatives/"),
        ("s-p01.vanphong", "/initiatives/counts/"),
        ("s-p01.vanphong", "/emulation/registrations/"),
        ("s-p01.vanphong", "/emulation/campaigns/"),
        ("s-p01.vanphong", "/awards/eligibility/?year=2025"),
        ("s-p01.vanphong", "/awards/commemorative-medal/"),
        ("s-p01.vanphong", "/awards/reports/summary/?year=2025"),
        ("s.quantri", "/awards/reports/summary/?year=2025"),
        ("s-p01.vanphong", "/awards/reports/statistics/0601/?year=2025"),
        ("s-p01.vanphong", "/awards/reports/statistics/0602/?year=2025"),
        ("s-p01.vanphong", "/awards/reports/statistics/0603/?year=2025"),
        ("s-p01.vanphong", "/awards/reports/lookup/?q=nguyen"),
        ("s-p01.vanphong", f"/awards/reports/lookup/person/{person.pk}/"),
        ("s.quantri", "/admin/records/conferral/?year=2025"),
    ]


def query_counts(client):
    counts = {}
    for username, path in pages():
        client.force_login(User.objects.get(username=username))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[username, re.sub(r"\d+", "N", path)] = len(queries)
    return counts


@pytest.mark.django_db
def test_pages_cost_the_same_queries_at_two_sizes(client):
    small = generated(TINY, 1, lambda: query_counts(client))
    larger = generated(LARGER, 1, lambda: query_counts(client))
    assert small == larger
