"""Pages of the eligibility engine (issue 6): the report per unit and honour with its XLSX
export, and the list of commemorative medals due for a year. Every figure comes from
`awards.eligibility`; these views only scope, filter and render."""

from collections import Counter

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import eligibility
from awards.forms import scoped
from awards.templatetags.awards_tags import SECTIONS
from records.fields import year_form_field
from records.models import Unit

READERS = SECTIONS["eligibility"]
# Rows per screen page: a province's report fits on a few, the sector's 15,000 people do not
# fit on one (the export and the printed list hold every row).
ROWS_PER_PAGE = 200
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def require_reader(user):
    if not user.has_role(*READERS):
        raise PermissionDenied


class ScopeForm(forms.Form):
    """A year and a unit of the user's scope (its whole subtree is read)."""

    year = year_form_field(gettext_lazy("Year"))
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=Unit.objects.none())

    def __init__(self, data, *, user):
        data = data.copy()
        data.setdefault("year", str(timezone.localdate().year))
        if user.unit_id:
            data.setdefault("unit", str(user.unit_id))
        super().__init__(data)
        self.fields["unit"].queryset = scoped(Unit.objects.all(), user)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} form-select-sm form-control-sm"


class ReportForm(ScopeForm):
    honour = forms.ChoiceField(
        label=gettext_lazy("Honour"), choices=[(code, code) for code in eligibility.CHECKS]
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", "—"), *eligibility.Status.choices],
        required=False,
    )

    def __init__(self, data, *, user):
        data = data.copy()
        data.setdefault("honour", "LDTT")
        super().__init__(data, user=user)
        self.fields["honour"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"


@login_required
def eligibility_report(request):
    """Who in a unit's subtree is eligible for an honour in a year, with the reasons; `?format=
    xlsx` downloads the same lines. Queries: 3 base + 1 scope + 1 unit + 11 engine, however many
    people the subtree holds."""
    require_reader(request.user)
    form = ReportForm(request.GET, user=request.user)
    entries, error, counts = [], None, Counter()
    if form.is_valid():
        data = form.cleaned_data
        try:
            entries = eligibility.check_unit(data["year"], data["unit"], [data["honour"]])
        except eligibility.EligibilityError as refusal:
            error = str(refusal)
        counts = Counter(entry.result.status for entry in entries)
        if data["status"]:
            entries = [entry for entry in entries if entry.result.status == data["status"]]
        if request.GET.get("format") == "xlsx" and error is None:
            response = HttpResponse(eligibility.to_xlsx(entries), content_type=XLSX)
            name = f"eligibility-{data['honour']}-{data['year']}-{data['unit'].code}.xlsx"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    return render(
        request,
        "awards/eligibility_report.html",
        {
            "form": form,
            "page": Paginator(entries, ROWS_PER_PAGE).get_page(request.GET.get("page")),
            "counts": [(label, counts[status]) for status, label in eligibility.Status.choices],
            "error": error,
            "query": export_query(request),
        },
    )


def export_query(request):
    """The page's query string without its page number: the export and the printed list hold
    every row."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
def knc_list(request):
    """The people of a unit's subtree who complete the service for the commemorative medal by the
    reference day of the year and do not hold it yet; `?print=1` gives the printed list."""
    require_reader(request.user)
    form = ScopeForm(request.GET, user=request.user)
    rows, error = [], None
    if form.is_valid():
        try:
            rows = eligibility.knc_list(form.cleaned_data["year"], form.cleaned_data["unit"])
        except eligibility.EligibilityError as refusal:
            error = str(refusal)
    context = {
        "form": form,
        "error": error,
        "query": export_query(request),
        "title": _("Commemorative medal “For the Procuracy”"),
    }
    if request.GET.get("print"):
        return render(request, "awards/knc_print.html", {**context, "rows": rows})
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "awards/knc_list.html", {**context, "page": page, "rows": page})
