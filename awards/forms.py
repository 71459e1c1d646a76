"""Forms of the awards pages: they validate; the views call the services."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awards.models import (
    AttendanceStatus,
    BallotMode,
    CouncilSession,
    DossierKind,
    Nomination,
    NominationStatus,
)
from awards.services import NominationData
from records.fields import year_form_field
from records.models import Council, CouncilKind, Honour, Method, Person, Unit
from records.submissions import SentOnce

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def scoped(queryset, user, field="id"):
    if user.visible_unit_ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": user.visible_unit_ids})


class NominationForm(SentOnce, forms.ModelForm):
    """A nomination's content; the recipient is a person or a unit, never both."""

    class Meta:
        model = Nomination
        fields = ["honour", "year", "method", "campaign", "person", "unit", "proposing_unit"]
        fields += ["summary"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = scoped(Person.objects.for_list(), user, "unit_id")
        self.fields["unit"].queryset = scoped(Unit.objects.all(), user)
        self.fields["proposing_unit"].queryset = scoped(Unit.objects.all(), user)
        self.fields["unit"].help_text = _("For a collective; leave empty for an individual.")
        if not self.instance.pk:
            self.fields["year"].initial = timezone.localdate().year
            self.fields["proposing_unit"].initial = user.unit_id

    def clean(self):
        data = super().clean()
        person, unit = data.get("person"), data.get("unit")
        if bool(person) == bool(unit):
            raise forms.ValidationError(_("Choose either a person or a unit as the recipient."))
        honour = data.get("honour")
        if honour and not honour.accepts("individual" if person else "collective"):
            self.add_error("honour", _("This honour is not awarded to this kind of recipient."))
        if data.get("method") == Method.THEMATIC and not data.get("campaign", "").strip():
            self.add_error("campaign", _("A thematic nomination names its campaign."))
        return data

    def entry(self):
        data = self.cleaned_data
        return NominationData(
            honour=data["honour"],
            year=data["year"],
            method=data["method"],
            proposing_unit=data["proposing_unit"],
            person=data["person"],
            unit=data["unit"],
            campaign=data["campaign"],
            summary=data["summary"],
        )


class NominationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=NominationStatus.choices, label=_("Status"))
    year = django_filters.NumberFilter(label=_("Year"))
    honour = django_filters.ModelChoiceFilter(queryset=Honour.objects.all(), label=_("Honour"))

    class Meta:
        model = Nomination
        fields = ["status", "year", "honour"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-select-sm form-control-sm"


class FileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document type"), choices=DossierKind.choices)
    file = forms.FileField(label=_("File"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class SessionForm(SentOnce, forms.ModelForm):
    class Meta:
        model = CouncilSession
        fields = ["council", "year", "date", "place", "ballot_mode"]
        widgets = {"date": DATE_INPUT}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        councils = Council.objects.filter(kind=CouncilKind.EMULATION)
        self.fields["council"].queryset = scoped(councils, user, "unit_id")
        self.fields["ballot_mode"].initial = BallotMode.ONLINE


class DocumentForm(SentOnce):
    """The header of a decision or a proposal."""

    issuer_unit = forms.ModelChoiceField(label=_("Issuing unit"), queryset=Unit.objects.none())
    year = year_form_field(_("Year"))
    symbol = forms.CharField(label=_("Symbol"), max_length=32)
    date = forms.DateField(label=_("Date"), widget=DATE_INPUT)
    issuing_body = forms.CharField(label=_("Issuing body"), max_length=255)
    signer = forms.CharField(label=_("Signer"), max_length=255)
    signer_position = forms.CharField(label=_("Signer's position"), max_length=255)
    subject = forms.CharField(label=_("Subject"), max_length=500)

    def __init__(self, *args, user, symbol, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer_unit"].queryset = scoped(Unit.objects.all(), user)
        self.fields["issuer_unit"].initial = user.unit_id
        self.fields["year"].initial = timezone.localdate().year
        self.fields["date"].initial = timezone.localdate()
        self.fields["symbol"].initial = symbol
        if user.unit_id:
            self.fields["issuing_body"].initial = user.unit.name


class ProposalForm(DocumentForm):
    addressee = forms.CharField(label=_("Addressed to"), max_length=255)


class CorrectionForm(DocumentForm):
    """A correction decision: the ticked entries are revoked, or amended when a new honour,
    method or campaign is given."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    new_honour = forms.ModelChoiceField(
        label=_("Amend the honour to"), queryset=Honour.objects.all(), required=False
    )
    new_method = forms.ChoiceField(
        label=_("Amend the method to"), choices=[("", "---------"), *Method.choices], required=False
    )
    new_campaign = forms.CharField(label=_("Amend the campaign to"), max_length=255, required=False)

    def amendment(self):
        data = self.cleaned_data
        return {
            "honour": data["new_honour"],
            "method": data["new_method"],
            "campaign": data["new_campaign"].strip(),
        }


class OutcomeForm(forms.Form):
    conferred = forms.TypedChoiceField(
        label=_("Outcome"),
        choices=[("1", _("Conferred")), ("0", _("Declined"))],
        coerce=lambda value: value == "1",
    )
    number = forms.CharField(label=_("Decision number"), max_length=64, required=False)
    date = forms.DateField(label=_("Decision date"), required=False, widget=DATE_INPUT)
    issuer = forms.CharField(label=_("Issued by"), max_length=255, required=False)

    def clean(self):
        data = super().clean()
        if data.get("conferred") and not (data.get("number") and data.get("date")):
            raise forms.ValidationError(
                _("Give the number and date of the higher authority's decision.")
            )
        return data


ATTENDANCE_CHOICES = AttendanceStatus.choices


class RegistrationsForm(forms.Form):
    """Which accepted registrations to turn into nominations: a year, and a unit's subtree or
    (left empty) every unit of the user's scope."""

    year = year_form_field(_("Year"))
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Leave empty for every unit of your scope."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = scoped(Unit.objects.all(), user)
        self.fields["year"].initial = timezone.localdate().year
