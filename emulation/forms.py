from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation.models import Campaign, Cluster
from emulation.services import leader_problem
from records.models import Unit


def units_visible_to(user):
    units = Unit.objects.order_by("code")
    if user.visible_unit_ids is not None:
        units = units.filter(pk__in=user.visible_unit_ids)
    return units


class CrispyMixin:
    """A crispy layout with one submit button."""

    submit_label = _("Save")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", self.submit_label))


class CampaignEditForm(CrispyMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "form",
            "level",
            "scope",
            "launching_unit",
            "start_date",
            "end_date",
            "preliminary_review_on",
            "targets",
            "description",
            "documents",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "preliminary_review_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "targets": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "documents": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["launching_unit"].queryset = units_visible_to(user)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must not be before the start date."))
        return data


class DeadlineForm(forms.Form):
    deadline = forms.DateField(
        label=_("deadline"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for return"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})


class RegistrationGridForm(forms.Form):
    """One select per person of the unit (`person_<id>`), and one for the unit's own title."""

    def __init__(self, *args, people, person_titles, unit_titles, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = people
        none = [("", _("— not registered —"))]
        person_choices = none + [(str(h.pk), h.label) for h in person_titles]
        self.titles = {str(h.pk): h for h in [*person_titles, *unit_titles]}
        for person in people:
            self.fields[f"person_{person.pk}"] = forms.ChoiceField(
                label=person.full_name, choices=person_choices, required=False, widget=SELECT
            )
        self.fields["unit_title"] = forms.ChoiceField(
            label=_("The unit's collective title"),
            choices=none + [(str(h.pk), h.label) for h in unit_titles],
            required=False,
            widget=SELECT,
        )

    def rows(self):
        return [(person, self[f"person_{person.pk}"]) for person in self.people]

    def person_titles(self):
        return {
            person.pk: self.titles.get(self.cleaned_data[f"person_{person.pk}"])
            for person in self.people
        }

    def unit_title(self):
        return self.titles.get(self.cleaned_data["unit_title"])


class ClusterEditForm(CrispyMixin, forms.ModelForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Member units"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    leader = forms.ModelChoiceField(
        label=_("Leader"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("A unit that received no emulation title the year before cannot lead."),
    )
    deputy = forms.ModelChoiceField(
        label=_("Deputy leader"), queryset=Unit.objects.none(), required=False
    )

    class Meta:
        model = Cluster
        fields = ["name", "kind", "year", "organiser"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_visible_to(user)
        for name in ("organiser", "members", "leader", "deputy"):
            self.fields[name].queryset = units
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
            self.initial.setdefault("organiser", user.unit_id)

    def clean(self):
        data = super().clean()
        leader, deputy, year = data.get("leader"), data.get("deputy"), data.get("year")
        if leader and year:
            problem = leader_problem(leader, year)
            if problem:
                self.add_error("leader", problem)
        if leader and leader == deputy:
            self.add_error("deputy", _("The leader and the deputy must be different units."))
        return data


POINTS = forms.DecimalField(min_value=Decimal("0.01"), max_digits=6, decimal_places=2)


class PledgeEditForm(CrispyMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    content = forms.CharField(
        label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    criteria = forms.CharField(
        label=_("Criteria"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("One criterion a line: the text, a vertical bar, then the maximum points."),
    )

    def clean_criteria(self):
        rows = []
        for number, line in enumerate(self.cleaned_data["criteria"].splitlines(), start=1):
            if not line.strip():
                continue
            text, bar, points = line.rpartition("|")
            try:
                value = forms.DecimalField(
                    min_value=Decimal("0.01"), max_digits=6, decimal_places=2
                ).clean(points.strip())
            except forms.ValidationError:
                value = None
            if not bar or not text.strip() or value is None:
                raise forms.ValidationError(
                    _("Line %(number)s: write the criterion, a vertical bar, then its points."),
                    params={"number": number},
                )
            rows.append((text.strip(), value))
        if not rows:
            raise forms.ValidationError(_("Give at least one criterion."))
        return rows


class SignForm(forms.Form):
    signed_on = forms.DateField(
        label=_("signing date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    place = forms.CharField(label=_("place of signing"), max_length=255, required=False)
    signatories = forms.ModelMultipleChoiceField(
        label=_("signatory units"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, cluster, **kwargs):
        super().__init__(*args, **kwargs)
        members = Unit.objects.filter(cluster_memberships__cluster=cluster).order_by("code")
        self.fields["signatories"].queryset = members
        self.initial.setdefault("signatories", list(members))


class PointsGridForm(forms.Form):
    """One number per member per criterion (`p_<member>_<criterion>`), bounded by the maximum."""

    def __init__(self, *args, members, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.members, self.criteria = members, criteria
        for member in members:
            for criterion in criteria:
                self.fields[f"p_{member.pk}_{criterion.pk}"] = forms.DecimalField(
                    label=f"{member.unit.code} — {criterion.number}",
                    required=False,
                    min_value=0,
                    max_value=criterion.max_points,
                    max_digits=6,
                    decimal_places=2,
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
                )

    def rows(self):
        return [
            (member, [self[f"p_{member.pk}_{c.pk}"] for c in self.criteria])
            for member in self.members
        ]

    def points(self):
        return {
            (member.pk, c.pk): self.cleaned_data[f"p_{member.pk}_{c.pk}"]
            for member in self.members
            for c in self.criteria
        }
