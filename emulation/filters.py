import django_filters
from django.utils.translation import gettext_lazy as _

from emulation.models import Campaign, CampaignForm, CampaignPhase, OrganisingLevel


def choice(label, choices):
    return django_filters.ChoiceFilter(label=label, choices=choices, empty_label=_("all"))


class CampaignFilter(django_filters.FilterSet):
    """The campaign list's filters: a year the campaign runs in, its form, level and phase."""

    year = django_filters.NumberFilter(label=_("Year"), method="running_in", min_value=1900)
    form = choice(_("Form"), CampaignForm.choices)
    level = choice(_("Organising level"), OrganisingLevel.choices)
    phase = choice(_("Phase"), CampaignPhase.choices)

    class Meta:
        model = Campaign
        fields = ["year", "form", "level", "phase"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.form.fields.items():
            kind = "form-control" if name == "year" else "form-select"
            field.widget.attrs["class"] = f"{kind} {kind}-sm"

    def running_in(self, queryset, name, value):
        return queryset.running_in(int(value))
