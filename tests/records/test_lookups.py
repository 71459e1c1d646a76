"""Integers beyond what a column holds match nothing instead of failing in the driver
(records/lookups.py): SQLite refuses integers beyond 64 bits with an OverflowError."""

import pytest
from django import forms

from records.models import Person, Unit

pytestmark = pytest.mark.django_db

HUGE = 2**70


@pytest.mark.parametrize(
    "lookup",
    [
        {"pk__in": [HUGE]},
        {"pk__in": [str(HUGE), -HUGE]},
        {"parent__in": [HUGE]},
        {"parent": HUGE},
        {"parent": str(HUGE)},
    ],
)
def test_an_integer_the_column_cannot_hold_matches_nothing(personas, lookup):
    assert not Unit.objects.filter(**lookup).exists()


def test_the_values_a_column_can_hold_still_match(personas):
    unit = personas.unit_a
    assert list(Unit.objects.filter(pk__in=[HUGE, unit.pk])) == [unit]
    assert Person.objects.filter(unit__in=[HUGE, unit.pk]).count() == (
        Person.objects.filter(unit=unit).count()
    )


def test_a_multiple_choice_field_refuses_a_huge_choice_as_invalid(personas):
    field = forms.ModelMultipleChoiceField(queryset=Unit.objects.all())
    with pytest.raises(forms.ValidationError) as refused:
        field.clean([str(personas.unit_a.pk), str(HUGE)])
    assert refused.value.code == "invalid_choice"
