"""Forms of the initiatives app: they validate; the services do the work."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.models import Batch, Criterion, Initiative, Level
from initiatives.services import Outcome, check_shares
from records.models import Person, Unit
from records.submissions import SentOnce
from records.uploads import upload_problem


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class InitiativeForm(SentOnce, forms.ModelForm):
    """The initiative itself; its authors come in `AuthorFormSet`."""

    attachment = forms.FileField(label=_("Attach a file"), required=False)

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and (problem := upload_problem(upload)):
            raise ValidationError(problem)
        return upload

    class Meta:
        model = Initiative
        fields = [
            "title",
            "summary",
            "content",
            "field",
            "form",
            "unit",
            "year",
            "first_applied_on",
            "applied_where",
            "effect",
            "requested_level",
            "batch",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "content": forms.Textarea(attrs={"rows": 5}),
            "applied_where": forms.Textarea(attrs={"rows": 2}),
            "effect": forms.Textarea(attrs={"rows": 2}),
            "first_applied_on": date_input(),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        unit_ids = user.visible_unit_ids
        units = Unit.objects.all() if unit_ids is None else Unit.objects.filter(id__in=unit_ids)
        if user.person_id:
            units = units | Unit.objects.filter(people__id=user.person_id)
        self.fields["unit"].queryset = units.distinct()
        if user.person_id and not self.instance.pk:
            self.fields["unit"].initial = user.person.unit_id
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        batches = Batch.objects.filter(closes_on__gte=today)
        if self.instance.batch_id:
            batches = batches | Batch.objects.filter(pk=self.instance.batch_id)
        self.fields["batch"].queryset = batches
        self.fields["batch"].help_text = _("Sector and province requests go in an open batch.")

    def clean(self):
        data = super().clean()
        batch = data.get("batch")
        if data.get("requested_level") in (Level.SECTOR, Level.PROVINCE) and not batch:
            self.add_error("batch", _("Choose the batch for a sector or province request."))
        if batch and data.get("requested_level") and batch.level != data["requested_level"]:
            self.add_error("batch", _("The batch is for another level."))
        return data


class BatchForm(forms.ModelForm):
    class Meta:
        model = Batch
        fields = ["year", "level", "number", "opens_on", "closes_on"]
        widgets = {"opens_on": date_input(), "closes_on": date_input()}


class AuthorForm(forms.Form):
    """One author or co-author, named by staff code, with a share of contribution."""

    staff_code = forms.CharField(label=_("Staff code"), max_length=32)
    share = forms.IntegerField(label=_("Share (%)"), min_value=1, max_value=100)

    def clean_staff_code(self):
        code = self.cleaned_data["staff_code"].strip().upper()
        person = Person.objects.filter(staff_code__iexact=code).first()
        if person is None:
            raise ValidationError(
                _("No person has the staff code %(code)s."), params={"code": code}
            )
        self.cleaned_data["person"] = person
        return code


class BaseAuthorFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        self.authors = [
            (form.cleaned_data["person"], form.cleaned_data["share"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        check_shares(self.authors)


AuthorFormSet = forms.formset_factory(
    AuthorForm, formset=BaseAuthorFormSet, extra=2, min_num=1, validate_min=True, max_num=20
)


def author_initial(initiative):
    return [
        {"staff_code": author.person.staff_code, "share": author.share}
        for author in initiative.authors.select_related("person")
    ]


class ScoreForm(forms.Form):
    """A council member's points on each active criterion, and a comment."""

    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(Criterion.objects.filter(active=True))
        scores = {
            f"criterion_{criterion.pk}": forms.IntegerField(
                label=_("%(name)s (0–%(max)s)")
                % {"name": criterion.name, "max": criterion.max_points},
                min_value=0,
                max_value=criterion.max_points,
            )
            for criterion in self.criteria
        }
        self.fields = {**scores, "comment": self.fields["comment"]}

    def points(self):
        return {c: self.cleaned_data[f"criterion_{c.pk}"] for c in self.criteria}


class OutcomeForm(forms.Form):
    """The council's outcome for an initiative, as the clerk records it."""

    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[
            (Outcome.RECOGNISED, _("Recognised")),
            (Outcome.NOT_RECOGNISED, _("Not recognised")),
            (Outcome.RETURNED, _("Returned for changes")),
        ],
    )
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    decision_number = forms.CharField(label=_("Decision number"), max_length=64, required=False)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=date_input())
    reason = forms.CharField(
        label=_("Reason or remarks"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        if outcome == Outcome.RECOGNISED:
            for name in ("decision_number", "decision_date"):
                if not data.get(name):
                    self.add_error(name, _("Needed when the initiative is recognised."))
        if outcome == Outcome.RETURNED and not data.get("reason", "").strip():
            self.add_error("reason", _("Give the reason for returning it."))
        return data


class DuplicateForm(forms.Form):
    original = forms.ModelChoiceField(label=_("Earlier initiative"), queryset=Initiative.objects)


class HigherLevelForm(forms.Form):
    batch = forms.ModelChoiceField(label=_("Batch"), queryset=Batch.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["batch"].queryset = Batch.objects.open_on(today).exclude(level=Level.GRASSROOTS)
