from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from records import importing, person_sections, roles
from records.dashboard import panels_for
from records.filters import AuditEventFilter, PersonFilter
from records.models import AuditEvent, Conferral, Honour, Person, RecipientType, Unit

PEOPLE_PER_PAGE = 50


@login_required
def dashboard(request):
    user = request.user
    return render(
        request,
        "records/dashboard.html",
        {
            "panels": panels_for(user),
            "role_labels": [
                str(label) for role, label in roles.LABELS.items() if role in user.roles
            ],
        },
    )


def require_permission(user, permission):
    """Those who may see a record but not this page get 403 (outsiders got 404 before)."""
    if not user.has_perm(permission):
        raise PermissionDenied


def unit_tree(units):
    """The roots of `units`, each unit carrying `tree_children`: its children, then the units
    merged into it. A unit whose parent (or successor) is not in `units` becomes a root."""
    by_id = {unit.id: unit for unit in units}
    roots = []
    for unit in units:
        unit.tree_children = []
    for unit in units:
        upper = by_id.get(unit.merged_into_id or unit.parent_id)
        (upper.tree_children if upper else roots).append(unit)
    for unit in units:
        unit.tree_children.sort(key=lambda child: (child.merged_into_id is not None, child.code))
    return roots


@login_required
def unit_list(request):
    require_permission(request.user, "records.view_unit")
    units = list(Unit.objects.visible_to(request.user))
    people_counts = dict(
        Person.objects.filter(unit__in=units).order_by().values_list("unit").annotate(Count("id"))
    )
    for unit in units:
        unit.people_count = people_counts.get(unit.id, 0)
    return render(request, "records/unit_list.html", {"roots": unit_tree(units)})


@login_required
def unit_detail(request, code):
    unit = get_object_or_404(Unit.objects.visible_to(request.user).for_list(), code=code)
    require_permission(request.user, "records.view_unit")
    subtree = Unit.objects.subtree_ids([unit])
    individual_honours = (
        Conferral.objects.filter(recipient_type=RecipientType.INDIVIDUAL, unit_id__in=subtree)
        .values("year", "honour__code", "honour__name", "honour__name_en", "honour__rank")
        .annotate(count=Count("id"))
        .order_by("-year", "honour__rank", "honour__code")
    )
    for row in individual_honours:
        row["label"] = Honour(name=row["honour__name"], name_en=row["honour__name_en"]).label
    # The collective honours of the units merged into this one are part of its history.
    merged_units = list(unit.merged_units.all())
    collective_honours = (
        Conferral.objects.filter(
            recipient_type=RecipientType.COLLECTIVE,
            unit_id__in=[unit.id, *(merged.id for merged in merged_units)],
        )
        .select_related("honour", "unit")
        .order_by("-year", "-decision_date", "honour__rank", "id")
    )
    context = {
        "unit": unit,
        "children": unit.children.all(),
        "merged_units": merged_units,
        "people_count": Person.objects.filter(unit_id__in=subtree).count(),
        "ratings": unit.ratings.filter(recipient_type=RecipientType.COLLECTIVE),
        "collective_honours": collective_honours,
        "individual_honours": individual_honours,
    }
    return render(request, "records/unit_detail.html", context)


@login_required
def person_list(request):
    require_permission(request.user, "records.view_person")
    people = PersonFilter(
        request.GET, queryset=Person.objects.visible_to(request.user).for_list(), request=request
    )
    page = Paginator(people.qs, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "records/person_list.html", {"filter": people, "page": page})


@login_required
def person_detail(request, staff_code):
    person = get_object_or_404(
        Person.objects.visible_to(request.user).for_list(), staff_code=staff_code
    )
    context = {
        "person": person,
        "conferrals": person.conferrals.select_related("honour", "unit"),
        "ratings": person.ratings.all(),
        "discipline": person.discipline.all(),
        "person_sections": person_sections.all_sections(),
    }
    return render(request, "records/person_detail.html", context)


@login_required
def my_record(request):
    """The menu links here, so that drawing the menu needs no query for the user's person."""
    person = Person.objects.filter(pk=request.user.person_id).only("staff_code").first()
    if person is None:
        raise Http404
    return redirect("records:person_detail", staff_code=person.staff_code)


# --- Imports of history (administrators) ----------------------------------------------------

IMPORT_ERRORS_SHOWN = 1000


def administrator_required(view):
    """Anonymous users go to the login page; users who are not administrators get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_role(roles.ADMINISTRATOR):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=importing.kind_choices)
    file = forms.FileField(label=_("File (.csv or .xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        head = upload.read(8)
        upload.seek(0)
        if problem := importing.upload_problem(upload.name, upload.size, head):
            raise forms.ValidationError(problem)
        return upload


def render_imports(request, form, result=None):
    errors = result.errors if result else []
    return render(
        request,
        "records/import.html",
        {
            "form": form,
            "errors": errors[:IMPORT_ERRORS_SHOWN],
            "error_count": len(errors),
            "errors_cut": len(errors) > IMPORT_ERRORS_SHOWN,
            "kinds": importing.kinds(),
        },
    )


@administrator_required
def imports(request):
    return render_imports(request, ImportForm())


@administrator_required
@require_POST
def import_run(request):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_imports(request, form)
    upload = form.cleaned_data["file"]
    result = importing.run_import(
        form.cleaned_data["kind"], upload.read(), file_name=upload.name, actor=request.user
    )
    if not result.ok:
        return render_imports(request, form, result)
    messages.success(request, importing.summary(result, upload.name))
    return redirect("records:imports")


TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@administrator_required
def import_template(request, kind, file_format):
    if kind not in importing.IMPORTERS or file_format not in TEMPLATE_TYPES:
        raise Http404
    response = HttpResponse(
        importing.template_file(kind, file_format), content_type=TEMPLATE_TYPES[file_format]
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}.{file_format}"'
    return response


AUDIT_EVENTS_PER_PAGE = 50


@administrator_required
def audit_log(request):
    """The audit trail, newest first, filtered (administrators only)."""
    events = AuditEventFilter(request.GET, queryset=AuditEvent.objects.select_related("actor"))
    page = Paginator(events.qs, AUDIT_EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "records/audit_log.html", {"filter": events, "page": page})
