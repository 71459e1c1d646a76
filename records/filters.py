"""List filters (django-filter) for the organisation pages."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from records.models import AuditEvent, Gender, Leadership, Person, Unit


class InlineFilterForm(forms.Form):
    """A GET form laid out on one row by crispy, with a submit button."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.disable_csrf = True
        self.helper.form_class = "d-print-none mb-3"
        self.helper.layout = Layout(
            Row(
                *(Column(name, css_class="col-md") for name in self.fields),
                Column(
                    Submit("", _("Filter"), css_class="btn-sm"),
                    css_class="col-md-auto d-flex align-items-end mb-3",
                ),
            )
        )


def visible_units(request):
    return Unit.objects.visible_to(request.user)


class PersonFilter(django_filters.FilterSet):
    """Search by name or staff code (ignoring case and diacritics), unit with its subtree,
    leadership category and gender."""

    q = django_filters.CharFilter(label=_("Name or staff code"), method="filter_search")
    unit = django_filters.ModelChoiceFilter(
        label=_("Unit (with its subordinate units)"),
        queryset=visible_units,
        to_field_name="code",
        method="filter_unit",
    )
    leadership = django_filters.ChoiceFilter(
        label=_("Leadership category"), choices=Leadership.choices
    )
    gender = django_filters.ChoiceFilter(label=_("Gender"), choices=Gender.choices)

    class Meta:
        model = Person
        fields = ["q", "unit", "leadership", "gender"]
        form = InlineFilterForm

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_unit(self, queryset, name, value):
        return queryset.filter(unit_id__in=Unit.objects.subtree_ids([value]))


class AuditEventFilter(django_filters.FilterSet):
    """The audit page's filters: who (user name), what was done, to which kind of record, and
    a date range."""

    actor = django_filters.CharFilter(
        label=_("User name"), field_name="actor__username", lookup_expr="iexact"
    )
    action = django_filters.CharFilter(label=_("Action"), lookup_expr="icontains")
    object_type = django_filters.CharFilter(label=_("Record type"), lookup_expr="icontains")
    object_id = django_filters.CharFilter(label=_("Record id"))
    since = django_filters.DateFilter(
        label=_("From"), field_name="created_at", lookup_expr="date__gte"
    )
    until = django_filters.DateFilter(
        label=_("To"), field_name="created_at", lookup_expr="date__lte"
    )

    class Meta:
        model = AuditEvent
        fields = ["actor", "action", "object_type", "object_id", "since", "until"]
        form = InlineFilterForm
