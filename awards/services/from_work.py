"""Nominations made from the other apps' work: accepted registrations and the leaders of the
clusters' rankings."""

from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Nomination
from awards.services.common import (
    MANAGERS,
    PROPOSERS,
    S,
    TransitionError,
    require_role,
    require_unit,
)
from awards.services.nominations import NominationData, create_nomination, create_nominations
from records.models import Honour, Method, RecipientType, Unit

# --- Nominations from the other apps' work ------------------------------------------------------


def _taken(year):
    """(honour id, person id or None, unit id or None) of the year's nominations that still
    count (a withdrawn one may be made again). One query."""
    keys = set()
    rows = Nomination.objects.filter(year=year).exclude(status=S.WITHDRAWN)
    for honour_id, kind, person_id, unit_id in rows.values_list(
        "honour_id", "recipient_type", "person_id", "unit_id"
    ):
        keys.add(
            (honour_id, person_id, None)
            if kind == RecipientType.INDIVIDUAL
            else (honour_id, None, unit_id)
        )
    return keys


def registration_candidates(actor, year, unit=None, lock=False):
    """What `create_from_registrations` would create: `(entries, skipped)`, the
    `NominationData` of every line of the ACCEPTED registration sheets of `unit`'s subtree (or
    of every unit the actor sees) for `year`, without the recipients already nominated for that
    honour and year. Three queries; with `lock` (inside a transaction), a fourth first locks the
    sheets, so that a simultaneous call waits and then finds these recipients nominated."""
    from emulation.models import Registration, RegistrationSheet, SheetStatus

    require_role(actor, *PROPOSERS)
    sheets = RegistrationSheet.objects.filter(year=year, status=SheetStatus.ACCEPTED)
    if unit is not None:
        require_unit(actor, unit.pk)
        sheets = sheets.filter(unit_id__in=Unit.objects.subtree_ids([unit]))
    elif actor.visible_unit_ids is not None:
        sheets = sheets.filter(unit_id__in=actor.visible_unit_ids)
    if lock:
        list(sheets.select_for_update().order_by("pk").values_list("pk", flat=True))
    lines = (
        Registration.objects.filter(sheet__in=sheets)
        .select_related("honour", "person__unit", "unit", "sheet__unit")
        .order_by("sheet__unit__code", "recipient_type", "person__staff_code", "honour__rank")
    )
    taken = _taken(year)
    entries, skipped = [], 0
    for line in lines:
        individual = line.recipient_type == RecipientType.INDIVIDUAL
        key = (
            (line.honour_id, line.person_id, None)
            if individual
            else (line.honour_id, None, line.unit_id)
        )
        if key in taken:
            skipped += 1
            continue
        taken.add(key)
        entries.append(
            NominationData(
                honour=line.honour,
                year=year,
                method=Method.REGULAR,
                proposing_unit=line.sheet.unit,
                person=line.person if individual else None,
                unit=None if individual else line.unit,
            )
        )
    return entries, skipped


def create_from_registrations(actor, year, unit=None):
    """Draft nominations from the accepted registrations (see `registration_candidates`): drafts,
    because the unit still writes each achievement summary and attaches the dossier before it
    submits. Each nomination is audited as created "from the registrations". Returns
    `{"created": n, "skipped": m}`; a second call creates nothing, even at the same moment (a
    double click, two clerks): it waits for the first one's lock on the sheets."""
    with transaction.atomic():
        entries, skipped = registration_candidates(actor, year, unit, lock=True)
        created = []
        if entries:
            created = create_nominations(
                actor,
                entries,
                _("Created from the accepted registrations of %(year)s.") % {"year": year},
            )
    return {"created": len(created), "skipped": skipped}


def flag_proposals_visible_to(actor):
    """The cluster leaders proposed for the sector flag (CTDN) and not nominated yet, of units
    the actor sees, every year. One query."""
    from emulation.models import ClusterScore, FlagProposal

    rows = ClusterScore.objects.for_list().select_related("cluster")
    rows = rows.filter(flag_proposal=FlagProposal.PROPOSED)
    if actor.visible_unit_ids is not None:
        rows = rows.filter(unit_id__in=actor.visible_unit_ids)
    return rows.order_by("-cluster__year", "cluster__name")


def create_flag_nomination(actor, cluster_score):
    """One CTDN nomination (a draft) for the unit that leads its cluster's ranking, proposed by
    the cluster's organiser when the actor's scope holds it (else by the unit itself); the
    proposal is then marked as nominated in the emulation app. A repeat changes nothing."""
    from emulation import services as emulation_services
    from emulation.models import ClusterScore, FlagProposal

    require_role(actor, *MANAGERS)
    with transaction.atomic():
        score = (
            ClusterScore.objects.select_for_update(of=("self",))
            .select_related("cluster__organiser", "unit")
            .get(pk=cluster_score.pk)
        )
        require_unit(actor, score.unit_id)
        if score.flag_proposal != FlagProposal.PROPOSED:
            raise TransitionError(
                _("Nothing changed: %(unit)s is not waiting as proposed for the flag.")
                % {"unit": score.unit}
            )
        cluster = score.cluster
        organiser = cluster.organiser
        visible = actor.visible_unit_ids
        proposer = organiser if visible is None or organiser.pk in visible else score.unit
        nomination = create_nomination(
            actor,
            NominationData(
                honour=Honour.objects.get(code="CTDN"),
                year=cluster.year,
                method=Method.REGULAR,
                proposing_unit=proposer,
                unit=score.unit,
                summary=_("Leads %(cluster)s with %(total)s points.")
                % {"cluster": cluster, "total": score.total},
            ),
            _("Proposed by the ranking of %(cluster)s.") % {"cluster": cluster},
        )
        emulation_services.mark_flag_nominated(score, actor)
    return nomination
