from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation import services
from emulation.filters import CampaignFilter
from emulation.forms import (
    CampaignEditForm,
    ClusterEditForm,
    DeadlineForm,
    PledgeEditForm,
    PointsGridForm,
    ReasonForm,
    RegistrationGridForm,
    SignForm,
    units_visible_to,
)
from emulation.models import (
    Campaign,
    Cluster,
    ClusterScore,
    Pledge,
    PledgeStatus,
    Registration,
    RegistrationPeriod,
    RegistrationSheet,
)
from emulation.printing import place_name, render_document
from records import roles
from records.fields import parse_year
from records.models import Honour, HonourFamily, Person, RecipientKind, Unit

INDIVIDUAL_TITLES = ("LDTT", "CSTDCS", "CSTDN", "CSTDTQ")


def state_change(view):
    """POST-only view running a transition: a refused step becomes a message, never a change."""

    @login_required
    @require_POST
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except services.TransitionError as error:
            messages.warning(request, str(error))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        # Back to the page the action belongs to: its URL is the action's without the last part.
        return redirect(request.path.rsplit("/", 2)[0] + "/")

    return wrapper


def year_param(request):
    """The `year` of the query string (this year when absent); 404 when it is not a year."""
    if not (text := request.GET.get("year")):
        return timezone.localdate().year
    if (year := parse_year(text)) is None:
        raise Http404
    return year


# --- Campaigns ------------------------------------------------------------------------------


@login_required
def campaign_list(request):
    filters = CampaignFilter(
        request.GET or None, queryset=Campaign.objects.visible_to(request.user).for_list()
    )
    campaigns = filters.qs
    return render(
        request,
        "emulation/campaign_list.html",
        {
            "filters": filters.form,
            "campaigns": campaigns,
            "can_create": request.user.has_role(roles.CLERK, roles.ADMINISTRATOR),
        },
    )


@login_required
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user).for_list(), pk=pk)
    return render(
        request,
        "emulation/campaign_detail.html",
        {"campaign": campaign, "can_manage": services.can_manage_campaign(request.user, campaign)},
    )


@login_required
def campaign_edit(request, pk=None):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk) if pk else None
    allowed = (
        services.can_manage_campaign(request.user, campaign)
        if campaign
        else request.user.has_role(roles.CLERK, roles.ADMINISTRATOR)
    )
    if not allowed:
        raise PermissionDenied
    form = CampaignEditForm(request.POST or None, instance=campaign, user=request.user)
    if request.method == "POST" and form.is_valid():
        campaign = form.save()
        services.audit(request.user, "campaign.save", campaign, to_state=campaign.phase)
        messages.success(request, _("The campaign has been saved."))
        return redirect("emulation:campaign", campaign.pk)
    return render(request, "emulation/form.html", {"form": form, "title": _("Emulation campaign")})


@state_change
def campaign_advance(request, pk):
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    campaign = services.advance_campaign(campaign, request.user)
    messages.success(
        request, _("The campaign is now: %(phase)s.") % {"phase": campaign.get_phase_display()}
    )
    return redirect("emulation:campaign", campaign.pk)


# --- Registrations --------------------------------------------------------------------------


def title_choices():
    titles = list(Honour.objects.filter(family=HonourFamily.TITLE).order_by("-rank", "code"))
    person_titles = [h for h in titles if h.recipient_kind != RecipientKind.COLLECTIVE]
    unit_titles = [h for h in titles if h.recipient_kind != RecipientKind.INDIVIDUAL]
    # Columns of the counts: individual titles, then collective ones, each from the lowest.
    return person_titles + unit_titles, person_titles, unit_titles


def counts_context(user, year):
    """Every unit the user sees, with its sheet and its counts by title for `year`, and the
    totals: a constant number of queries."""
    units = list(units_visible_to(user))
    sheets = {
        sheet.unit_id: sheet
        for sheet in RegistrationSheet.objects.visible_to(user).filter(year=year)
    }
    counts = Registration.objects.counts_by_title(year, user.visible_unit_ids)
    titles, _person, _unit = title_choices()
    rows = [
        {
            "unit": unit,
            "sheet": sheets.get(unit.pk),
            "counts": [counts.get((unit.pk, title.code), 0) for title in titles],
        }
        for unit in units
    ]
    totals = [sum(row["counts"][i] for row in rows) for i in range(len(titles))]
    return {"year": year, "rows": rows, "titles": titles, "totals": totals}


@login_required
def registration_overview(request, year=None):
    """Per-unit and overall counts by title for the year, with each unit's sheet status."""
    year = year or year_param(request)
    context = counts_context(request.user, year)
    period = RegistrationPeriod.objects.filter(year=year).first()
    if request.user.has_role(roles.CLERK, roles.ADMINISTRATOR):
        context["deadline_form"] = DeadlineForm(initial={"deadline": period and period.deadline})
    context["period"] = period
    return render(request, "emulation/registration_overview.html", context)


@login_required
def registration_summary_print(request, year, as_pdf=False):
    """The printed summary of registrations by unit and title (official layout)."""
    context = counts_context(request.user, year)
    unit = request.user.unit
    context.update(
        issuer=unit.name if unit else "",
        place=place_name(unit) if unit else "",
        today=timezone.localdate(),
    )
    return render_document(
        request,
        "emulation/registration_summary_print.html",
        context,
        f"tong-hop-dang-ky-thi-dua-{year}",
        as_pdf,
    )


@state_change
def set_deadline(request, year):
    if not request.user.has_role(roles.CLERK, roles.ADMINISTRATOR):
        raise PermissionDenied
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Enter a valid date."))
    services.set_deadline(year, form.cleaned_data["deadline"], request.user)
    messages.success(request, _("The deadline has been set."))
    return redirect("emulation:registrations_year", year)


def visible_unit(user, code):
    unit = get_object_or_404(Unit, code=code)
    if not services.sees_unit(user, unit.pk):
        raise Http404
    return unit


def sheet_context(user, unit, year):
    sheet = RegistrationSheet.objects.filter(unit=unit, year=year).first()
    people = list(Person.objects.filter(unit=unit).order_by("staff_code"))
    titles, person_titles, unit_titles = title_choices()
    if sheet is None:
        # A new sheet: everyone pre-filled with Advanced Worker.
        ldtt = next((str(h.pk) for h in person_titles if h.code == "LDTT"), "")
        initial = {f"person_{p.pk}": ldtt for p in people}
    else:
        initial = {
            (f"person_{line.person_id}" if line.person_id else "unit_title"): str(line.honour_id)
            for line in sheet.registrations.all()
        }
    return {
        "unit": unit,
        "year": year,
        "sheet": sheet,
        "people": people,
        "initial": initial,
        "titles": (person_titles, unit_titles),
        "editable": services.can_edit_sheet(user, unit.pk) and (sheet is None or sheet.is_editable),
        "can_review": services.can_review_sheet(user, unit.pk),
        "period": RegistrationPeriod.objects.filter(year=year).first(),
    }


@login_required
def sheet_view(request, year, code):
    """The registration grid of one unit for one year: GET shows it, POST saves it (and submits
    it when the "submit" button was pressed)."""
    unit = visible_unit(request.user, code)
    context = sheet_context(request.user, unit, year)
    person_titles, unit_titles = context["titles"]
    form = RegistrationGridForm(
        request.POST or None,
        initial=context["initial"],
        people=context["people"],
        person_titles=person_titles,
        unit_titles=unit_titles,
    )
    if request.method == "POST":
        if not services.can_edit_sheet(request.user, unit.pk):
            raise PermissionDenied
        if form.is_valid():
            try:
                with transaction.atomic():
                    sheet = services.save_sheet(
                        unit, year, request.user, form.person_titles(), form.unit_title()
                    )
                    if "submit" in request.POST:
                        services.submit_sheet(sheet, request.user)
                if "submit" in request.POST:
                    messages.success(request, _("The sheet has been submitted."))
                else:
                    messages.success(request, _("The draft has been saved."))
                return redirect("emulation:sheet", year, unit.code)
            except services.TransitionError as error:
                messages.error(request, str(error))
    context["form"] = form
    return render(request, "emulation/sheet.html", context)


def sheet_transition(request, year, code, accept):
    unit = visible_unit(request.user, code)
    sheet = get_object_or_404(RegistrationSheet, unit=unit, year=year)
    reason = ""
    if not accept:
        form = ReasonForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
    services.review_sheet(sheet, request.user, accept, reason)
    messages.success(
        request, _("The sheet has been accepted.") if accept else _("The sheet has been returned.")
    )
    return redirect("emulation:sheet", year, unit.code)


@state_change
def sheet_submit(request, year, code):
    unit = visible_unit(request.user, code)
    sheet = get_object_or_404(RegistrationSheet, unit=unit, year=year)
    services.submit_sheet(sheet, request.user)
    messages.success(request, _("The sheet has been submitted."))
    return redirect("emulation:sheet", year, unit.code)


@state_change
def sheet_accept(request, year, code):
    return sheet_transition(request, year, code, accept=True)


@state_change
def sheet_return(request, year, code):
    return sheet_transition(request, year, code, accept=False)


@login_required
def sheet_print(request, year, code, as_pdf=False):
    unit = visible_unit(request.user, code)
    sheet = get_object_or_404(RegistrationSheet, unit=unit, year=year)
    lines = sheet.registrations.select_related("person", "honour").order_by(
        "recipient_type", "person__staff_code"
    )
    return render_document(
        request,
        "emulation/sheet_print.html",
        {
            "sheet": sheet,
            "unit": unit,
            "lines": lines,
            "place": place_name(unit),
            "today": timezone.localdate(),
        },
        f"dang-ky-thi-dua-{year}-{unit.code}",
        as_pdf,
    )


# --- Clusters -------------------------------------------------------------------------------


def visible_cluster(user, pk):
    return get_object_or_404(Cluster.objects.visible_to(user).for_list(), pk=pk)


@login_required
def cluster_list(request):
    year = year_param(request)
    clusters = Cluster.objects.visible_to(request.user).for_list().filter(year=year)
    return render(
        request,
        "emulation/cluster_list.html",
        {
            "year": year,
            "clusters": clusters,
            "can_create": request.user.has_role(roles.CLERK, roles.ADMINISTRATOR),
        },
    )


@login_required
def cluster_detail(request, pk):
    cluster = visible_cluster(request.user, pk)
    pledge = Pledge.objects.filter(cluster=cluster).prefetch_related("criteria").first()
    return render(
        request,
        "emulation/cluster_detail.html",
        {
            "cluster": cluster,
            "pledge": pledge,
            "scores": ClusterScore.objects.filter(cluster=cluster).for_list(),
            "can_manage": services.can_manage_cluster(request.user, cluster),
            "can_score": services.can_score_cluster(request.user, cluster),
            "sign_form": SignForm(cluster=cluster) if pledge else None,
        },
    )


@login_required
def cluster_edit(request, pk=None):
    cluster = visible_cluster(request.user, pk) if pk else None
    if cluster and not services.can_manage_cluster(request.user, cluster):
        raise PermissionDenied
    if not request.user.has_role(roles.CLERK, roles.ADMINISTRATOR):
        raise PermissionDenied
    initial = {}
    if cluster:
        initial = {
            "members": [m.unit for m in cluster.members.all()],
            "leader": cluster.leader and cluster.leader.unit,
            "deputy": cluster.deputy and cluster.deputy.unit,
        }
    form = ClusterEditForm(
        request.POST or None, instance=cluster, initial=initial, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                cluster = form.save()
                data = form.cleaned_data
                services.set_members(
                    cluster, request.user, data["members"], data["leader"], data["deputy"]
                )
            messages.success(request, _("The cluster has been saved."))
            return redirect("emulation:cluster", cluster.pk)
        except (services.TransitionError, ValidationError) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return render(request, "emulation/form.html", {"form": form, "title": _("Emulation cluster")})


@login_required
def pledge_edit(request, pk):
    cluster = visible_cluster(request.user, pk)
    if not services.can_manage_cluster(request.user, cluster):
        raise PermissionDenied
    pledge = Pledge.objects.filter(cluster=cluster).first()
    initial = {"title": _("Emulation pledge %(year)s") % {"year": cluster.year}}
    if pledge:
        initial = {
            "title": pledge.title,
            "content": pledge.content,
            "criteria": "\n".join(f"{c.text} | {c.max_points}" for c in pledge.criteria.all()),
        }
    form = PledgeEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                pledge, _created = Pledge.objects.update_or_create(
                    cluster=cluster,
                    defaults={
                        "title": form.cleaned_data["title"],
                        "content": form.cleaned_data["content"],
                    },
                )
                services.save_criteria(pledge, request.user, form.cleaned_data["criteria"])
            messages.success(request, _("The pledge has been saved."))
            return redirect("emulation:cluster", cluster.pk)
        except services.TransitionError as error:
            messages.error(request, str(error))
    return render(request, "emulation/form.html", {"form": form, "title": _("Emulation pledge")})


@state_change
def pledge_sign(request, pk):
    cluster = visible_cluster(request.user, pk)
    pledge = get_object_or_404(Pledge, cluster=cluster)
    if not services.can_manage_cluster(request.user, cluster):
        raise PermissionDenied
    form = SignForm(request.POST, cluster=cluster)
    if not form.is_valid():
        raise ValidationError(_("Give the signing date and the signatory units."))
    data = form.cleaned_data
    services.sign_pledge(
        pledge, request.user, data["signed_on"], data["place"], data["signatories"]
    )
    messages.success(request, _("The pledge has been signed."))
    return redirect("emulation:cluster", cluster.pk)


@login_required
def pledge_print(request, pk, as_pdf=False):
    cluster = visible_cluster(request.user, pk)
    pledge = get_object_or_404(
        Pledge.objects.prefetch_related("criteria", "signatories"), cluster=cluster
    )
    return render_document(
        request,
        "emulation/pledge_print.html",
        {"cluster": cluster, "pledge": pledge, "signed": pledge.status == PledgeStatus.SIGNED},
        f"giao-uoc-thi-dua-{cluster.year}-{cluster.pk}",
        as_pdf,
    )


@login_required
def cluster_scores(request, pk):
    """The year-end scoring grid: points per member per criterion, and the running ranking."""
    cluster = visible_cluster(request.user, pk)
    pledge = get_object_or_404(Pledge.objects.prefetch_related("criteria"), cluster=cluster)
    criteria = list(pledge.criteria.all())
    table = services.ranking(cluster, criteria)
    members = [member for member, _total, _row in sorted(table, key=lambda e: e[0].unit.code)]
    initial = {
        f"p_{member.pk}_{c.pk}": points
        for member, _total, row in table
        for c, points in zip(criteria, row, strict=True)
        if any(p.criterion_id == c.pk for p in member.points.all())
    }
    form = PointsGridForm(request.POST or None, initial=initial, members=members, criteria=criteria)
    can_score = services.can_score_cluster(request.user, cluster) and not cluster.ranked_at
    if request.method == "POST":
        if not services.can_score_cluster(request.user, cluster):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_points(cluster, request.user, form.points())
                messages.success(request, _("The points have been saved."))
                return redirect("emulation:cluster_scores", cluster.pk)
            except (services.TransitionError, ValidationError) as error:
                messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return render(
        request,
        "emulation/cluster_scores.html",
        {
            "cluster": cluster,
            "criteria": criteria,
            "form": form,
            "table": table,
            "can_score": can_score,
        },
    )


@state_change
def cluster_rank(request, pk):
    cluster = visible_cluster(request.user, pk)
    services.rank_cluster(cluster, request.user)
    messages.success(
        request, _("The cluster has been ranked; its leader is proposed for the flag.")
    )
    return redirect("emulation:cluster", cluster.pk)
