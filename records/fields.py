"""Field types shared by the apps' models and forms."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

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


def parse_year(text):
    """`text` as a year FIRST_YEAR to LAST_YEAR, or None (for query strings and imported cells)."""
    if text.isascii() and text.isdigit() and len(text) <= 4:
        year = int(text)
        return year if FIRST_YEAR <= year <= LAST_YEAR else None
    return None


def year_form_field(label, **kwargs):
    """The year of a form that is not a model form (reports, filters of actions)."""
    return forms.IntegerField(label=label, min_value=FIRST_YEAR, max_value=LAST_YEAR, **kwargs)
