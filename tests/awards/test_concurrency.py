"""Concurrent ballots, decision numbers and nominations from the registrations, each thread on
its own database connection. Needs PostgreSQL's row locks (SQLite serialises whole-database
writes instead)."""

from datetime import date

import pytest
from django.db import connection

from awards import services
from awards.models import Nomination, Participation
from tests.awards.conftest import Awards
from tests.awards.test_from_work import sheet
from tests.concurrency import at_once
from tests.conftest import Personas, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.fixture
def council(catalogue_reloaded):
    return Awards(Personas(), size=15)


def test_fifteen_members_voting_at_the_same_moment_give_an_exact_tally(council):
    voters = [council.p.council_member, council.p.chair]
    voters += [
        make_user(f"m{index}", "council_member", council.p.province, person)
        for index, person in enumerate(council.extra)
    ]
    assert len(voters) == 15
    session = council.open([council.nominate("CSTDCS")])
    item = session.items.get()
    choices = ["approve"] * 9 + ["disapprove"] * 4 + ["abstain"] * 2
    calls = [
        lambda user=user, choice=choice: services.cast_ballot(user, session, {item.pk: choice})
        for user, choice in zip(voters, choices, strict=True)
    ]
    _results, errors = at_once(calls)
    assert errors == []
    item.refresh_from_db()
    assert (item.approve, item.disapprove, item.abstain) == (9, 4, 2)
    assert Participation.objects.filter(session=session).count() == 15
    # The same 15 again, at once: every one refused, nothing counted twice.
    _results, errors = at_once(calls)
    assert len(errors) == 15 and all(isinstance(e, services.TransitionError) for e in errors)
    item.refresh_from_db()
    assert item.ballots == 15


def test_two_clerks_issuing_at_once_get_distinct_numbers(council):
    second_clerk = make_user("clerk2", "standing_office", council.p.province)
    nominations = [
        council.nominate("CSTDCS"),
        council.nominate("CSTDCS", person=council.p.person_b),
    ]
    council.approved(nominations)
    header = {
        "issuer_unit": council.p.province,
        "year": 2023,
        "symbol": "QĐ-VKS",
        "date": date(2023, 12, 20),
        "issuing_body": "VKSND tỉnh Sơn La",
        "signer": "Hoàng Văn Trưởng",
        "signer_position": "Viện trưởng",
        "subject": "Khen thưởng",
    }
    drafts = [
        services.draft_decision(council.p.clerk, [nominations[0]], **header),
        services.draft_decision(second_clerk, [nominations[1]], **header),
    ]
    clerks = [council.p.clerk, second_clerk]
    results, errors = at_once(
        [
            lambda clerk=clerk, draft=draft: services.issue_decision(clerk, draft)
            for clerk, draft in zip(clerks, drafts, strict=True)
        ]
    )
    assert errors == []
    assert sorted(decision.number for decision in results) == ["1/QĐ-VKS", "2/QĐ-VKS"]


def test_clerks_creating_from_the_registrations_at_once_create_each_nomination_once(council):
    """A double click and a second clerk: the recipients of the accepted sheets are nominated
    once; the calls that waited find them nominated and skip them."""
    p = council.p
    sheet(p.unit_a, council.honours, people=[(p.person_a, "CSTDCS")], collective="TTLDTT")
    sheet(p.unit_b, council.honours, people=[(p.person_b, "LDTT")])
    clerks = [p.clerk, p.clerk, make_user("clerk2", "standing_office", p.province), p.admin]
    results, errors = at_once(
        [lambda clerk=clerk: services.create_from_registrations(clerk, 2023) for clerk in clerks]
    )
    assert errors == []
    assert sorted(result["created"] for result in results) == [0, 0, 0, 3]
    assert Nomination.objects.count() == 3
