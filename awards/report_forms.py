"""Forms of the report pages: which unit (within the user's scope) and which year."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from records.fields import year_form_field
from records.models import Person, Unit


class ReportForm(forms.Form):
    """The unit whose subtree a report covers, and the year; read from the query string."""

    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    year = year_form_field(_("Year"))

    def __init__(self, data, user):
        data = data.copy()
        data.setdefault("year", timezone.localdate().year - 1)
        if "unit" not in data:
            # The user's own unit; for an administrator without one, the top of the tree.
            top = Unit.objects.filter(parent=None, merged_into=None).values_list("id", flat=True)
            data["unit"] = user.unit_id or top.first()
        super().__init__(data)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).only("id", "code", "name")


class LookupForm(forms.Form):
    """A person or a unit to look up, typed without diacritics if one likes."""

    q = forms.CharField(label=_("Name, staff code or unit"), max_length=100, required=False)


def visible_people(user, text):
    return Person.objects.visible_to(user).for_list().search(text)


class CalibrationForm(forms.ModelForm):
    """The offsets of one certificate type, in millimetres from the sheet's top-left corner."""

    class Meta:
        from awards.models import CertificateCalibration

        model = CertificateCalibration
        fields = [
            "landscape",
            "font_size",
            "name_x",
            "name_y",
            "unit_x",
            "unit_y",
            "text_x",
            "text_y",
            "decision_x",
            "decision_y",
        ]

    def clean(self):
        data = super().clean()
        for name in self.Meta.fields[2:]:
            value = data.get(name)
            if value is not None and not 0 <= value <= 297:
                self.add_error(name, _("Give a position between 0 and 297 mm."))
        return data
