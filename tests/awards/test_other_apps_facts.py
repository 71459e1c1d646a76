"""The eligibility engine reads the other apps' facts directly: recognised initiatives and the
leaders of the clusters' rankings."""

from decimal import Decimal

import pytest
from django.utils import translation

from awards.eligibility import check_unit
from awards.eligibility.facts import MANY_PEOPLE, initiative_facts
from emulation.models import Cluster, ClusterScore, FlagProposal
from initiatives.importing import write_rows
from tests.awards.eligibility_world import YEAR, World
from tests.initiatives.factories import recognised_rows


@pytest.fixture
def world(db):
    return World()


def result(world, code, recipient):
    key = getattr(recipient, "staff_code", None) or recipient.code
    entries = check_unit(YEAR, world.root, [code])
    return next(entry.result for entry in entries if entry.recipient == key)


def test_a_recognised_initiative_makes_cstdcs_eligible(world):
    person, other, coauthor = world.people(3)
    world.rate([person, other], [YEAR], "good")
    assert result(world, "CSTDCS", person).status == "not_eligible"
    write_rows(recognised_rows(world.district, [person, coauthor], 1, year=YEAR))
    assert result(world, "CSTDCS", person).status == "eligible"
    assert result(world, "CSTDCS", other).status == "not_eligible"  # not an author
    # An initiative of another year is not read for this one.
    assert initiative_facts([person.pk], [YEAR - 1]) == []
    assert initiative_facts([person.pk], [YEAR]) == [(person.pk, YEAR, "grassroots")]


def test_initiatives_of_many_people_answer_alike(world, django_assert_num_queries):
    """A sector's people are too many to name in the query: the years' recognitions are read
    and theirs kept, with the same answer."""
    person, other, coauthor = world.people(3)
    write_rows(recognised_rows(world.district, [person, coauthor], 2, year=YEAR))
    write_rows(recognised_rows(world.district, [other, coauthor], 1, start=2, year=YEAR - 1))
    few = [person.pk, other.pk]
    many = few + [pk + 10**6 for pk in range(MANY_PEOPLE)]  # no such people
    expected = [(person.pk, YEAR, "grassroots")]  # the same level and year once, other not then
    assert initiative_facts(few, [YEAR]) == expected
    with django_assert_num_queries(1):
        assert initiative_facts(many, [YEAR]) == expected


def test_a_proposed_cluster_leader_is_no_longer_needs_information(world):
    def leads(unit):
        with translation.override("en"):
            reasons = result(world, "CTDN", unit).reasons
        return next(reason.met for reason in reasons if "emulation cluster" in reason.text)

    other = world.unit("P-E")
    assert leads(world.district) is None  # no ranking yet: not known
    cluster = Cluster.objects.create(name="Cụm 1", year=YEAR, organiser=world.root)
    ClusterScore.objects.create(
        cluster=cluster,
        unit=world.district,
        total=Decimal(95),
        rank=1,
        flag_proposal=FlagProposal.PROPOSED,
    )
    ClusterScore.objects.create(cluster=cluster, unit=other, total=Decimal(80), rank=2)
    assert leads(world.district) is True
    assert leads(other) is False
    assert result(world, "CTDN", other).status == "not_eligible"
    # With the unit's titles and ratings in place, the leader's answer is a firm one.
    world.rate_unit(world.district, YEAR, "excellent")
    world.confer_unit(world.district, "TTLDXS", YEAR)
    assert result(world, "CTDN", world.district).status == "eligible"
