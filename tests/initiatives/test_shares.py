"""Shares of contribution: checked by the form (see test_views) and by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from initiatives import services
from initiatives.models import Author, Initiative, Status
from tests.initiatives.factories import make_initiative, people

pytestmark = pytest.mark.django_db


def check_deferred():
    """Run the deferred checks now, as a commit would."""
    connection.check_constraints()


def test_a_share_must_be_between_1_and_100(personas):
    initiative = make_initiative(personas.admin, personas.unit_a, [(personas.person_a, 100)])
    with pytest.raises(IntegrityError), transaction.atomic():
        Author.objects.filter(initiative=initiative).update(share=101)
    with pytest.raises(IntegrityError), transaction.atomic():
        Author.objects.filter(initiative=initiative).update(share=0)


def test_the_service_refuses_shares_not_adding_up_to_100(personas):
    with pytest.raises(ValidationError, match="100"):
        make_initiative(
            personas.admin, personas.unit_a, [(personas.person_a, 60), (personas.person_b, 30)]
        )
    with pytest.raises(ValidationError):
        make_initiative(
            personas.admin, personas.unit_a, [(personas.person_a, 50), (personas.person_a, 50)]
        )
    assert not Initiative.objects.exists()


def test_the_database_keeps_the_total_of_a_submitted_initiative(personas):
    a, b = people(personas.unit_a, 2)
    initiative = make_initiative(personas.admin, personas.unit_a, [(a, 60), (b, 40)], submit=True)
    assert initiative.status == Status.SUBMITTED
    assert initiative.share_total_id == 100
    check_deferred()
    with pytest.raises(IntegrityError), transaction.atomic():
        Author.objects.filter(initiative=initiative, person=b).update(share=30)
        check_deferred()
    with pytest.raises(IntegrityError), transaction.atomic():
        Author.objects.filter(initiative=initiative, person=b).delete()
        check_deferred()
    with pytest.raises(IntegrityError), transaction.atomic():
        # Writing the total by hand is overridden by the triggers.
        Author.objects.filter(initiative=initiative, person=b).update(share=10)
        Initiative.objects.filter(pk=initiative.pk).update(share_total_id=100)
        check_deferred()
    # Changes in between are free as long as the transaction ends at 100.
    with transaction.atomic():
        Author.objects.filter(initiative=initiative, person=a).update(share=50)
        Author.objects.filter(initiative=initiative, person=b).update(share=50)
        check_deferred()
    assert sorted(initiative.authors.values_list("share", flat=True)) == [50, 50]


def test_a_draft_may_be_incomplete_but_cannot_be_submitted_so(personas):
    a, b = people(personas.unit_a, 2)
    initiative = make_initiative(personas.admin, personas.unit_a, [(a, 60), (b, 40)])
    Author.objects.filter(initiative=initiative, person=b).update(share=10)
    check_deferred()
    assert Initiative.objects.get(pk=initiative.pk).share_total_id is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(status=Status.SUBMITTED)
        check_deferred()
    with pytest.raises(ValidationError, match="70"):
        services.submit(personas.admin, initiative)
    assert Initiative.objects.get(pk=initiative.pk).status == Status.DRAFT
