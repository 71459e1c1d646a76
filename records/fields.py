"""Field types shared by the apps' models and forms."""

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

# The years a record may name: from the founding of the State to the end of the century. A
# year outside them is a typing error, and Python's dates cannot hold years past 9999.
FIRST_YEAR, LAST_YEAR = 1945, 2100


class YearField(models.PositiveSmallIntegerField):
    """A calendar year, FIRST_YEAR to LAST_YEAR, checked by its forms and by model validation."""

    default_validators = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]

    def formfield(self, **kwargs):
        return super().formfield(**{"min_value": FIRST_YEAR, "max_value": LAST_YEAR, **kwargs})

    def deconstruct(self):
        """The column is a plain small integer: migrations need not know this class."""
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveSmallIntegerField", args, kwargs


class DateField(models.DateField):
    """A date within the years FIRST_YEAR to LAST_YEAR, checked by its forms and by model
    validation: 31/12/9999 or a year 0024 is a typing error, and pages that add a day to such a
    date would fail."""

    default_validators = [
        MinValueValidator(
            date(FIRST_YEAR, 1, 1),
            message=format_lazy(_("Enter a date from {} on."), f"01/01/{FIRST_YEAR}"),
        ),
        MaxValueValidator(
            date(LAST_YEAR, 12, 31),
            message=format_lazy(_("Enter a date up to {}."), f"31/12/{LAST_YEAR}"),
        ),
    ]

    def deconstruct(self):
        """The column is a plain date: migrations need not know this class."""
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateField", args, kwargs


def parse_year(text):
    """`text` as a year FIRST_YEAR to LAST_YEAR, or None (for query strings and imported cells)."""
    if text.isascii() and text.isdigit() and len(text) <= 4:
        year = int(text)
        return year if FIRST_YEAR <= year <= LAST_YEAR else None
    return None


def year_form_field(label, **kwargs):
    """The year of a form that is not a model form (reports, filters of actions)."""
    return forms.IntegerField(label=label, min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)
