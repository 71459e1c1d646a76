"""Views of the initiatives app: they scope every fetch to the user (outsiders get 404), call a
service and redirect with a message; refusals by the services are shown with status 403."""

from functools import wraps

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from initiatives import services
from initiatives.forms import (
    AuthorFormSet,
    BatchForm,
    DuplicateForm,
    HigherLevelForm,
    InitiativeForm,
    OutcomeForm,
    ScoreForm,
    author_initial,
)
from initiatives.models import Author, Batch, Initiative, Level, Recognition, Review, Status
from initiatives.similarity import similar_to
from records.models import Person, Unit
from records.submissions import redirect_once

PAGE_SIZE = 50


def refused(request, error):
    """A refusal the person should understand: status 403 with the service's reason."""
    return render(request, "initiatives/refused.html", {"reason": error}, status=403)


def transition(view):
    """Run a state-changing view: a refusal gives 403 with its reason, invalid input a message
    and no change; both return to the initiative."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        initiative = get_object_or_404(Initiative.objects.visible_to(request.user), pk=pk)
        try:
            response = view(request, initiative, *args, **kwargs)
        except PermissionDenied as error:
            return refused(request, error)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            response = None
        return response or redirect("initiatives:detail", pk=initiative.pk)

    return login_required(wrapper)


class InitiativeFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    status = django_filters.ChoiceFilter(choices=Status.choices)
    requested_level = django_filters.ChoiceFilter(choices=Level.choices)
    title = django_filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Initiative
        fields = ["year", "status", "requested_level", "title"]


@login_required
def initiative_list(request):
    # Queries: session, user, roles, (units for the subtree,) count, page, authors with people.
    initiatives = Initiative.objects.visible_to(request.user).for_list()
    filtered = InitiativeFilter(request.GET, queryset=initiatives)
    page = Paginator(filtered.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "initiatives/list.html", {"filter": filtered, "page": page})


def _edit_page(request, form, formset, initiative=None):
    matches = []
    if form.is_bound and form.data.get("title"):
        matches = similar_to(
            form.data.get("title", ""),
            form.data.get("summary", ""),
            exclude=initiative.pk if initiative else None,
        )
    return render(
        request,
        "initiatives/form.html",
        {"form": form, "formset": formset, "initiative": initiative, "matches": matches},
    )


def _save(request, form, formset, initiative=None):
    """Saves a new initiative (once however often its form is sent) or changes `initiative`."""
    data = {name: form.cleaned_data[name] for name in InitiativeForm.Meta.fields}
    files = [form.cleaned_data["attachment"]] if form.cleaned_data.get("attachment") else []

    def save():
        return services.save_initiative(
            request.user, data, formset.authors, initiative=initiative, files=files
        )

    try:
        if initiative is None:
            return redirect_once(request, form, save, _("The initiative was saved."))
        save()
    except PermissionDenied as error:
        return refused(request, error)
    messages.success(request, _("The initiative was saved."))
    return redirect("initiatives:detail", pk=initiative.pk)


@login_required
def initiative_create(request):
    user = request.user
    form = InitiativeForm(request.POST or None, request.FILES or None, user=user)
    initial = [{"staff_code": user.person.staff_code, "share": 100}] if user.person_id else []
    formset = AuthorFormSet(request.POST or None, initial=initial, prefix="authors")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        return _save(request, form, formset)
    return _edit_page(request, form, formset)


@login_required
def initiative_edit(request, pk):
    initiative = get_object_or_404(Initiative.objects.visible_to(request.user), pk=pk)
    if not services.may_edit(request.user, initiative):
        return refused(request, _("You may not change this initiative."))
    if not initiative.is_editable:
        messages.error(request, _("Only a draft or a returned initiative can be changed."))
        return redirect("initiatives:detail", pk=pk)
    form = InitiativeForm(
        request.POST or None, request.FILES or None, instance=initiative, user=request.user
    )
    formset = AuthorFormSet(
        request.POST or None, initial=author_initial(initiative), prefix="authors"
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        return _save(request, form, formset, initiative)
    return _edit_page(request, form, formset, initiative)


@login_required
def initiative_detail(request, pk):
    user = request.user
    initiative = get_object_or_404(
        Initiative.objects.visible_to(user)
        .select_related("unit", "batch", "duplicate_of", "created_by")
        .prefetch_related(
            Prefetch("authors", Author.objects.select_related("person__unit")),
            "attachments",
            "recognitions__batch",
            Prefetch(
                "reviews",
                Review.objects.select_related("reviewer").prefetch_related("scores__criterion"),
            ),
        ),
        pk=pk,
    )
    clerk = services.is_clerk(user)
    totals = [r.total for r in initiative.reviews.all() if r.level == initiative.requested_level]
    context = {
        "initiative": initiative,
        "average": round(sum(totals) / len(totals), 1) if totals else None,
        "may_edit": initiative.is_editable and services.may_edit(user, initiative),
        "may_score": services.may_score(user, initiative)
        and not any(r.reviewer_id == user.person_id for r in initiative.reviews.all()),
        "is_author": user.person_id
        and any(a.person_id == user.person_id for a in initiative.authors.all()),
        "clerk": clerk,
        "matches": similar_to(initiative.title, initiative.summary, exclude=initiative.pk),
    }
    if clerk and initiative.status == Status.SUBMITTED:
        context["outcome_form"] = OutcomeForm(initial={"level": initiative.requested_level})
    if initiative.status == Status.RECOGNISED and services.may_edit(user, initiative):
        context["higher_form"] = HigherLevelForm()
    return render(request, "initiatives/detail.html", context)


@require_POST
@transition
def submit(request, initiative):
    _initiative, warnings = services.submit(request.user, initiative)
    messages.success(request, _("The initiative was submitted to the initiative council."))
    matches = similar_to(initiative.title, initiative.summary, exclude=initiative.pk)
    if matches:
        warnings.append(
            _("%(count)s similar earlier initiatives were found (up to %(percent)s%% alike).")
            % {"count": len(matches), "percent": matches[0].percent}
        )
    for warning in warnings:
        messages.warning(request, warning)


def cleaned(form, message=None):
    """The form's data, or a ValidationError with its errors (or `message`)."""
    if form.is_valid():
        return form.cleaned_data
    raise ValidationError(message or [e for errors in form.errors.values() for e in errors])


def require_clerk(user, message):
    if not services.is_clerk(user):
        raise PermissionDenied(message)


@require_POST
@transition
def request_higher_level(request, initiative):
    data = cleaned(HigherLevelForm(request.POST), _("Choose an open batch."))
    services.request_higher_level(request.user, initiative, data["batch"])
    messages.success(request, _("Recognition at the higher level was requested."))


@transition
def score(request, initiative):
    services.check_may_score(request.user, initiative)
    form = ScoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.score(request.user, initiative, form.points(), form.cleaned_data["comment"])
        messages.success(request, _("Your score was recorded."))
        return None
    return render(request, "initiatives/score.html", {"initiative": initiative, "form": form})


@require_POST
@transition
def outcome(request, initiative):
    require_clerk(request.user, _("Only the standing office records the council's outcome."))
    data = cleaned(OutcomeForm(request.POST))
    services.record_outcome(
        request.user,
        initiative,
        data["outcome"],
        level=data["level"],
        decision_number=data["decision_number"],
        decision_date=data["decision_date"],
        reason=data["reason"],
    )
    messages.success(request, _("The council's outcome was recorded."))


@require_POST
@transition
def mark_duplicate(request, initiative):
    require_clerk(request.user, _("Only the standing office marks duplicates."))
    data = cleaned(DuplicateForm(request.POST), _("Choose the earlier initiative."))
    services.mark_duplicate(request.user, initiative, data["original"])
    messages.success(request, _("The initiative was marked as a duplicate."))


@login_required
def attachment(request, pk, attachment_pk):
    initiative = get_object_or_404(Initiative.objects.visible_to(request.user), pk=pk)
    attached = get_object_or_404(initiative.attachments, pk=attachment_pk)
    return FileResponse(attached.file.open("rb"), as_attachment=True, filename=attached.name)


def _certificate_context(request, recognition_pk, author_pk):
    recognition = get_object_or_404(
        Recognition.objects.filter(
            initiative__in=Initiative.objects.visible_to(request.user)
        ).select_related("initiative__unit", "batch"),
        pk=recognition_pk,
    )
    author = get_object_or_404(
        Author.objects.select_related("person__unit"),
        pk=author_pk,
        initiative_id=recognition.initiative_id,
    )
    return {
        "recognition": recognition,
        "author": author,
        "initiative": recognition.initiative,
        "header": certificate_header(recognition),
    }


def certificate_header(recognition):
    """Who issues the certificate: the Supreme Procuracy for the sector level, the province's
    People's Committee for the province level, else the agency at the top of the unit's tree."""
    agency = recognition.initiative.unit
    while agency.parent_id:
        agency = Unit.objects.get(pk=agency.parent_id)
    place = agency.name.split("tỉnh ", 1)[-1] if "tỉnh " in agency.name else agency.name
    if recognition.level == Level.SECTOR:
        return {
            "upper": "",
            "issuer": pgettext("issuing body", "Supreme People's Procuracy"),
            "signer": _("Procurator General"),
            "place": _("Hanoi"),
        }
    if recognition.level == Level.PROVINCE:
        return {
            "upper": "",
            "issuer": _("People's Committee of %(province)s") % {"province": place},
            "signer": _("Chair of the People's Committee"),
            "place": place,
        }
    return {
        "upper": pgettext("issuing body", "Supreme People's Procuracy"),
        "issuer": agency.name,
        "signer": _("Chief Procurator"),
        "place": place,
    }


@login_required
def certificate(request, recognition_pk, author_pk):
    context = _certificate_context(request, recognition_pk, author_pk)
    return render(request, "initiatives/certificate.html", context)


@login_required
def certificate_pdf(request, recognition_pk, author_pk):
    # WeasyPrint takes a second to import: loaded when a PDF is asked for, not by every
    # process that loads the URLs (as the awards and emulation views do).
    from initiatives.pdf import render_pdf

    context = _certificate_context(request, recognition_pk, author_pk)
    pdf = render_pdf("initiatives/certificate.html", context, request)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"chung-nhan-sang-kien-{recognition_pk}-{context['author'].person.staff_code}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def visible_person(user, person_pk):
    person = get_object_or_404(Person.objects.select_related("unit"), pk=person_pk)
    unit_ids = user.visible_unit_ids
    if unit_ids is not None and person.unit_id not in unit_ids and person.pk != user.person_id:
        raise Http404
    return person


@login_required
def person_initiatives(request, person_pk):
    # Queries: session, user, roles, (units,) person, authorships with their recognitions.
    person = visible_person(request.user, person_pk)
    return render(request, "initiatives/person.html", {"person": person})


@login_required
def counts(request):
    # Queries: session, user, roles, (units,) the counts.
    rows = list(Recognition.objects.in_units(request.user.visible_unit_ids).counts())
    for row in rows:
        row["level_label"] = Level(row["level"]).label
    return render(request, "initiatives/counts.html", {"rows": rows})


@login_required
def batches(request):
    # Queries: session, user, roles, batches.
    clerk = services.is_clerk(request.user)
    form = BatchForm(request.POST or None) if clerk else None
    if request.method == "POST":
        if not clerk:
            return refused(request, _("Only the standing office opens batches."))
        if form.is_valid():
            services.open_batch(request.user, form.save(commit=False))
            messages.success(request, _("The batch was opened."))
            return redirect("initiatives:batches")
    return render(
        request, "initiatives/batches.html", {"batches": Batch.objects.all(), "form": form}
    )
