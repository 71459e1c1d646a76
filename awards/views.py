"""Pages of the awards app: thin views that scope every fetch to the user, validate with a form,
call a service and redirect with a message."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from awards import screening, services
from awards.forms import (
    CorrectionForm,
    DocumentForm,
    FileForm,
    NominationFilter,
    NominationForm,
    OutcomeForm,
    ProposalForm,
    ReasonForm,
    RegistrationsForm,
    SessionForm,
)
from awards.models import (
    AttendanceStatus,
    BallotMode,
    CouncilSession,
    Decision,
    DocumentStatus,
    DossierFile,
    Nomination,
    NominationStatus,
    Proposal,
    SessionStatus,
)
from records.models import ConferringLevel
from records.submissions import redirect_once

PAGE_SIZE = 50
DOCUMENT_FIELDS = set(DocumentForm.base_fields)


MAX_ID = 2**63 - 1


def as_id(text):
    """`text` as a row id, or None when it is not one (not digits, or beyond any id)."""
    # The length first: int() refuses strings of more than 4,300 digits with a ValueError.
    if text.isascii() and text.isdigit() and len(text) <= len(str(MAX_ID)) and int(text) <= MAX_ID:
        return int(text)
    return None


def posted_ids(request, name):
    """The row ids posted under `name`; anything else is ignored."""
    return [item for value in request.POST.getlist(name) if (item := as_id(value)) is not None]


def done(request, action, success, target):
    """Run a service call; on refusal show why (nothing changed) — either way, go to `target`."""
    try:
        action()
    except services.TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect(target)


def is_manager(user):
    return user.has_role(*services.MANAGERS)


def require_manager(user):
    if not is_manager(user):
        raise PermissionDenied


# --- Nominations --------------------------------------------------------------------------------


def visible_nomination(request, pk):
    return get_object_or_404(Nomination.objects.visible_to(request.user).for_list(), pk=pk)


@login_required
def nomination_list(request):
    queryset = Nomination.objects.visible_to(request.user).for_list()
    filters = NominationFilter(request.GET, queryset=queryset)
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    year = filters.form.cleaned_data.get("year") if filters.form.is_valid() else None
    year = int(year or timezone.localdate().year)
    return render(
        request,
        "awards/nomination_list.html",
        {
            "filters": filters,
            "page": page,
            "can_create": request.user.has_role(*services.PROPOSERS),
            "flag_proposals": (
                services.flag_proposals_visible_to(request.user) if is_manager(request.user) else ()
            ),
            "quota_year": year,
            "quotas": screening.meters(request.user.unit, year),
        },
    )


@login_required
def nomination_create(request):
    if not request.user.has_role(*services.PROPOSERS):
        raise PermissionDenied
    form = NominationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            return redirect_once(
                request,
                form,
                lambda: services.create_nomination(request.user, form.entry()),
                _("The nomination was created as a draft."),
            )
        except services.TransitionError as error:
            form.add_error(None, str(error))
    return render(request, "awards/form.html", {"form": form, "title": _("New nomination")})


@login_required
def nomination_edit(request, pk):
    nomination = visible_nomination(request, pk)
    if not request.user.has_role(*services.PROPOSERS):
        raise PermissionDenied
    form = NominationForm(request.POST or None, instance=nomination, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        return done(
            request,
            lambda: services.update_nomination(request.user, nomination, **fields),
            _("The nomination was saved."),
            nomination.get_absolute_url(),
        )
    nomination.refresh_from_db()  # a refused form may have changed the instance it edits
    context = {
        "form": form,
        "title": str(nomination),
        # What the engine and the registrations say about this recipient, beside the form.
        "eligibility": screening.results([nomination]).get(nomination.pk),
        "registration_warning": registration_warning(nomination),
    }
    return render(request, "awards/form.html", context)


def registration_warning(nomination):
    """Registration is collected, never required (Law 2022 Điều 7): a warning or None."""
    from emulation.models import Registration

    return Registration.objects.warning_for(
        nomination.honour, nomination.year, person=nomination.person, unit=nomination.unit
    )


@login_required
def nomination_detail(request, pk):
    nomination = visible_nomination(request, pk)
    user = request.user
    sessions = []
    if is_manager(user):
        sessions = CouncilSession.objects.visible_to(user).filter(
            status=SessionStatus.PLANNED, year=nomination.year
        )
    return render(
        request,
        "awards/nomination_detail.html",
        {
            "nomination": nomination,
            "files": nomination.files.all(),
            "timeline": services.timeline(nomination),
            "agenda_items": nomination.agenda_items.select_related("session__council"),
            "can_propose": user.has_role(*services.PROPOSERS),
            "can_manage": is_manager(user),
            "sessions": sessions,
            "registration_warning": registration_warning(nomination),
            "eligibility": screening.results([nomination]).get(nomination.pk),
            "file_form": FileForm(),
            "reason_form": ReasonForm(),
            "S": NominationStatus,
        },
    )


STEPS = {
    "submit": (
        lambda user, n, data: services.submit(user, [n]),
        _("The nomination was submitted."),
    ),
    "withdraw": (
        lambda user, n, data: services.withdraw(user, [n], data.get("reason", "")),
        gettext_lazy("The nomination was withdrawn."),
    ),
    "return": (
        lambda user, n, data: services.return_for_information(user, [n], data.get("reason", "")),
        gettext_lazy("The nomination was returned for more information."),
    ),
    "agenda": (
        lambda user, n, data: services.put_on_agenda(
            user,
            get_object_or_404(CouncilSession.objects.visible_to(user), pk=data.get("session")),
            [n],
            data.get("justification", ""),
        ),
        gettext_lazy("The nomination was put on the session's agenda."),
    ),
}


@login_required
@require_POST
def nomination_step(request, pk, step):
    nomination = visible_nomination(request, pk)
    if step not in STEPS:
        raise PermissionDenied
    action, success = STEPS[step]
    return done(
        request,
        lambda: action(request.user, nomination, request.POST),
        success,
        nomination.get_absolute_url(),
    )


@login_required
@require_POST
def file_upload(request, pk):
    nomination = visible_nomination(request, pk)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a document type and a file."))
        return redirect(nomination.get_absolute_url())
    return done(
        request,
        lambda: services.add_dossier_file(
            request.user, nomination, form.cleaned_data["kind"], form.cleaned_data["file"]
        ),
        _("The file was added to the dossier."),
        nomination.get_absolute_url(),
    )


@login_required
def file_download(request, pk):
    visible = Nomination.objects.visible_to(request.user)
    stored = get_object_or_404(DossierFile.objects.filter(nomination__in=visible), pk=pk)
    response = FileResponse(
        stored.file.open("rb"),
        as_attachment=True,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    return response


# --- Sessions -----------------------------------------------------------------------------------


def visible_session(request, pk, *related):
    """The session `pk` if the user may see it (else 404), with whether they have voted in it;
    `related` are read with it for the pages that show them."""
    queryset = CouncilSession.objects.visible_to(request.user).with_ballot_of(request.user)
    if related:
        queryset = queryset.select_related(*related)
    return get_object_or_404(queryset, pk=pk)


@login_required
def session_list(request):
    sessions = CouncilSession.objects.visible_to(request.user).for_list()
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "awards/session_list.html",
        {"page": page, "can_manage": is_manager(request.user)},
    )


@login_required
def session_create(request):
    require_manager(request.user)
    form = SessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        return redirect_once(
            request,
            form,
            lambda: services.create_session(
                request.user,
                data["council"],
                data["year"],
                data["date"],
                data["place"],
                data["ballot_mode"],
            ),
            _("The session was planned."),
        )
    return render(request, "awards/form.html", {"form": form, "title": _("New council session")})


def session_context(request, session):
    user = request.user
    attendance = list(session.attendance.select_related("member__person__unit"))
    items = list(
        session.items.select_related("nomination__honour", "nomination__person", "nomination__unit")
    )
    for item in items:
        # Recusals are public (only choices are secret): shown on the page and the minutes.
        item.recused = [
            row.member.person
            for row in attendance
            if services.leads(row.member.person, item.nomination)
        ]
    voter = None
    if user.person_id:
        voter = next((row for row in attendance if row.member.person_id == user.person_id), None)
    ballot = None
    if voter and session.status == SessionStatus.OPEN and session.ballot_mode == BallotMode.ONLINE:
        if services.has_voted(user, session):
            ballot = {"voted": True}
        elif voter.status != AttendanceStatus.ABSENT:
            allowed, recused = services.ballot_items(session, voter)
            ballot = {"allowed": allowed, "recused": recused}
    candidates = []
    if is_manager(user) and session.status == SessionStatus.PLANNED:
        candidates = (
            Nomination.objects.visible_to(user)
            .for_list()
            .filter(
                year=session.year,
                status__in=[NominationStatus.SUBMITTED, NominationStatus.DEFERRED],
            )
        )
    candidates = list(candidates)
    checked = screening.results(candidates)
    for candidate in candidates:
        candidate.eligibility = checked.get(candidate.pk)
    return {
        "session": session,
        "attendance": attendance,
        "items": items,
        "participants": session.participations.select_related("member__person"),
        "ballot": ballot,
        "can_manage": is_manager(user),
        "can_lead": user.has_role(*services.SESSION_LEADERS),
        "candidates": candidates,
        "attendance_choices": AttendanceStatus.choices,
        "digest_ok": services.verify_digest(session) if session.digest else None,
        "SessionStatus": SessionStatus,
        "BallotMode": BallotMode,
    }


@login_required
def session_detail(request, pk):
    session = visible_session(request, pk, "council__unit")
    return render(request, "awards/session_detail.html", session_context(request, session))


@login_required
@require_POST
def session_agenda(request, pk):
    session = visible_session(request, pk)
    ids = posted_ids(request, "nominations")
    nominations = Nomination.objects.visible_to(request.user).filter(pk__in=ids)
    return done(
        request,
        lambda: services.put_on_agenda(
            request.user, session, list(nominations), request.POST.get("justification", "")
        ),
        _("The agenda was updated."),
        session.get_absolute_url(),
    )


@login_required
@require_POST
def session_attendance(request, pk):
    session = visible_session(request, pk)
    valid = set(AttendanceStatus.values)
    statuses = {}
    for key, value in request.POST.items():
        row = as_id(key.removeprefix("attendance-"))
        if key.startswith("attendance-") and value in valid and row is not None:
            statuses[row] = value
    return done(
        request,
        lambda: services.set_attendance(request.user, session, statuses),
        _("The attendance was recorded."),
        session.get_absolute_url(),
    )


@login_required
@require_POST
def session_open(request, pk):
    session = visible_session(request, pk)
    return done(
        request,
        lambda: services.open_session(request.user, session),
        _("The session is open for voting."),
        session.get_absolute_url(),
    )


@login_required
@require_POST
def session_vote(request, pk):
    session = visible_session(request, pk)
    choices = {}
    for key, value in request.POST.items():
        if key.startswith("item-") and (item := as_id(key.removeprefix("item-"))):
            choices[item] = value
    return done(
        request,
        lambda: services.cast_ballot(request.user, session, choices),
        _("Your secret ballot was recorded."),
        session.get_absolute_url(),
    )


def _count(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        raise services.TransitionError(_("Counts must be whole numbers.")) from None


@login_required
@require_POST
def session_tally(request, pk):
    session = visible_session(request, pk)

    def record():
        tallies = {}
        for item in session.items.all():
            tallies[item.pk] = tuple(
                _count(request.POST.get(f"{choice}-{item.pk}", 0)) for choice in services.CHOICES
            )
        services.record_paper_tally(request.user, session, tallies)

    return done(request, record, _("The tallies were recorded."), session.get_absolute_url())


@login_required
@require_POST
def session_close(request, pk):
    session = visible_session(request, pk)
    deferred = posted_ids(request, "deferred")
    return done(
        request,
        lambda: services.close_session(request.user, session, deferred),
        _("The session was closed and the results computed."),
        session.get_absolute_url(),
    )


def static_fetcher():
    """A WeasyPrint fetcher that reads the printed page's stylesheets from the static files on
    disk and fetches nothing else: no HTTP request back to this server, no other file."""
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from weasyprint.urls import URLFetcher

    class StaticFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            prefix = "file:///" + settings.STATIC_URL.strip("/") + "/"
            if url.startswith(prefix):
                found = finders.find(url.removeprefix(prefix).split("?")[0])
                if found:
                    return super().fetch(Path(found).as_uri(), headers)
            raise ValueError(f"Not fetched while printing: {url}")

    return StaticFetcher(allowed_protocols=["file"])


def pdf_response(request, template, context, filename):
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    pdf = HTML(string=html, base_url="file:///", url_fetcher=static_fetcher()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def session_minutes(request, pk):
    session = visible_session(request, pk, "council__unit__parent")
    if session.status != SessionStatus.CLOSED:
        messages.error(request, _("The minutes exist once the session is closed."))
        return redirect(session.get_absolute_url())
    return pdf_response(
        request,
        "awards/minutes_print.html",
        session_context(request, session),
        f"bien-ban-{session.pk}.pdf",
    )


# --- Decisions and proposals --------------------------------------------------------------------


def _document_list(request, model, template):
    documents = model.objects.visible_to(request.user).for_list()
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, template, {"page": page, "can_manage": is_manager(request.user)})


@login_required
def decision_list(request):
    return _document_list(request, Decision, "awards/decision_list.html")


@login_required
def proposal_list(request):
    return _document_list(request, Proposal, "awards/proposal_list.html")


def _candidates(user, level):
    return (
        Nomination.objects.visible_to(user)
        .for_list()
        .filter(
            status=NominationStatus.APPROVED,
            decision__isnull=True,
            proposal__isnull=True,
            honour__conferring_level=level,
        )
    )


NONE_CHOSEN = gettext_lazy("Choose at least one approved nomination.")


def _document_create(request, form_class, level, symbol, service, title):
    """Header form and the approved items to include; a first POST shows the count and the list,
    the confirming POST drafts the document."""
    require_manager(request.user)
    form = form_class(request.POST or None, user=request.user, symbol=symbol)
    candidates = _candidates(request.user, level)
    chosen = []
    if request.method == "POST" and form.is_valid():
        ids = posted_ids(request, "nominations")
        chosen = [nomination for nomination in candidates if nomination.pk in ids]

        def draft():
            if not chosen:
                raise services.TransitionError(NONE_CHOSEN)
            return service(request.user, chosen, form.cleaned_data)

        if request.POST.get("confirm") == "1":
            # A confirmation sent again finds its nominations in the draft it made: it goes there.
            try:
                return redirect_once(
                    request, form, draft, _("The draft was saved: check it, then issue it.")
                )
            except services.TransitionError as error:
                form.add_error(None, str(error))
        elif not chosen:
            form.add_error(None, NONE_CHOSEN)
    return render(
        request,
        "awards/document_form.html",
        {
            "form": form,
            "title": title,
            "candidates": candidates,
            "chosen": chosen,
            "chosen_ids": {nomination.pk for nomination in chosen},
        },
    )


@login_required
def decision_create(request):
    return _document_create(
        request,
        DocumentForm,
        ConferringLevel.AGENCY,
        "QĐ-VKS",
        lambda user, chosen, data: services.draft_decision(user, chosen, **data),
        _("New decision"),
    )


@login_required
def proposal_create(request):
    def draft(user, chosen, data):
        data = dict(data)
        return services.draft_proposal(user, chosen, data.pop("addressee"), **data)

    return _document_create(
        request,
        ProposalForm,
        ConferringLevel.HIGHER,
        "TTr-VKS",
        draft,
        _("New proposal to the higher authority"),
    )


def visible_document(request, model, pk):
    queryset = model.objects.visible_to(request.user).select_related("issuer_unit")
    return get_object_or_404(queryset, pk=pk)


def document_context(document):
    nominations = document.nominations.for_list().select_related("conferral")
    return {
        "document": document,
        "nominations": nominations,
        "count": len(nominations),
        "Status": DocumentStatus,
        "NS": NominationStatus,
    }


@login_required
def decision_detail(request, pk):
    decision = visible_document(request, Decision, pk)
    context = document_context(decision)
    context["revocations"] = decision.revocations.select_related(
        "conferral__honour", "conferral__person", "conferral__unit", "new_honour"
    )
    context["can_manage"] = is_manager(request.user)
    context["correction_form"] = CorrectionForm(user=request.user, symbol=decision.symbol)
    return render(request, "awards/decision_detail.html", context)


def _issue(request, model, pk, service, success):
    document = visible_document(request, model, pk)
    return done(
        request,
        lambda: service(request.user, document),
        success,
        document.get_absolute_url(),
    )


@login_required
@require_POST
def decision_issue(request, pk):
    return _issue(
        request,
        Decision,
        pk,
        services.issue_decision,
        _("The decision was issued and the ledger written."),
    )


def _discard(request, model, pk, target):
    document = visible_document(request, model, pk)
    return done(
        request,
        lambda: services.discard_draft(request.user, document),
        _("The draft was discarded."),
        document.get_absolute_url() if document.status == DocumentStatus.ISSUED else target,
    )


@login_required
@require_POST
def decision_discard(request, pk):
    return _discard(request, Decision, pk, "awards:decisions")


@login_required
@require_POST
def proposal_discard(request, pk):
    return _discard(request, Proposal, pk, "awards:proposals")


@login_required
@require_POST
def decision_correct(request, pk):
    decision = visible_document(request, Decision, pk)
    require_manager(request.user)
    form = CorrectionForm(request.POST, user=request.user, symbol=decision.symbol)
    if not form.is_valid():
        messages.error(request, _("Fill in every field of the correction."))
        return redirect(decision.get_absolute_url())
    amend = form.amendment()
    data = {name: value for name, value in form.cleaned_data.items() if name in DOCUMENT_FIELDS}
    reason = form.cleaned_data["reason"]
    ids = posted_ids(request, "conferrals")
    conferrals = [n.conferral for n in decision.nominations.filter(conferral_id__in=ids)]
    try:
        return redirect_once(
            request,
            form,
            lambda: services.draft_correction(
                request.user, decision, conferrals, reason, amend, **data
            ),
            _("The correction was drafted: check it, then issue it."),
        )
    except services.TransitionError as error:
        messages.error(request, str(error))
        return redirect(decision.get_absolute_url())


@login_required
def decision_pdf(request, pk):
    decision = visible_document(request, Decision, pk)
    context = document_context(decision)
    context["revocations"] = decision.revocations.select_related(
        "conferral__honour", "conferral__person", "conferral__unit", "new_honour"
    )
    return pdf_response(
        request, "awards/decision_print.html", context, f"quyet-dinh-{decision.pk}.pdf"
    )


@login_required
def proposal_detail(request, pk):
    proposal = visible_document(request, Proposal, pk)
    context = document_context(proposal)
    context["can_manage"] = is_manager(request.user)
    context["outcome_form"] = OutcomeForm(initial={"issuer": proposal.addressee})
    return render(request, "awards/proposal_detail.html", context)


@login_required
@require_POST
def proposal_issue(request, pk):
    return _issue(
        request,
        Proposal,
        pk,
        services.issue_proposal,
        _("The proposal was sent to the higher authority."),
    )


@login_required
@require_POST
def proposal_outcome(request, pk):
    proposal = visible_document(request, Proposal, pk)
    require_manager(request.user)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors():
            messages.error(request, error)
        return redirect(proposal.get_absolute_url())
    data = form.cleaned_data
    ids = posted_ids(request, "nominations")
    return done(
        request,
        lambda: services.record_outcome(
            request.user,
            proposal,
            ids,
            data["conferred"],
            data["number"],
            data["date"],
            data["issuer"],
        ),
        _("The outcome was recorded."),
        proposal.get_absolute_url(),
    )


@login_required
def proposal_pdf(request, pk):
    proposal = visible_document(request, Proposal, pk)
    return pdf_response(
        request, "awards/proposal_print.html", document_context(proposal), f"to-trinh-{pk}.pdf"
    )


# --- Nominations from registrations and cluster rankings ----------------------------------------


@login_required
def nominations_from_registrations(request):
    """GET: the form, and once a year is chosen, how many nominations would be created (the
    confirmation); POST: create them."""
    if not request.user.has_role(*services.PROPOSERS):
        raise PermissionDenied
    data = request.POST if request.method == "POST" else (request.GET or None)
    form = RegistrationsForm(data, user=request.user)
    preview = None
    if form.is_valid():
        year, unit = form.cleaned_data["year"], form.cleaned_data["unit"]
        if request.method == "POST":
            counts = services.create_from_registrations(request.user, year, unit)
            messages.success(
                request,
                _("%(created)s nominations were created as drafts; %(skipped)s already existed.")
                % counts,
            )
            return redirect("awards:nominations")
        entries, skipped = services.registration_candidates(request.user, year, unit)
        preview = {"entries": entries, "skipped": skipped}
    return render(
        request,
        "awards/from_registrations.html",
        {"form": form, "preview": preview},
    )


@login_required
@require_POST
def flag_nomination(request, pk):
    require_manager(request.user)
    score = get_object_or_404(services.flag_proposals_visible_to(request.user), pk=pk)
    return done(
        request,
        lambda: services.create_flag_nomination(request.user, score),
        _("The flag nomination was created as a draft."),
        "awards:nominations",
    )
