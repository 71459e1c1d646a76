"""The emulation workflows: each transition checks who may act, locks its row and writes an audit
event in the same transaction. Views call these; nothing else changes a status."""

from decimal import Decimal
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation.models import (
    NEXT_PHASE,
    Campaign,
    Cluster,
    ClusterMember,
    ClusterScore,
    CriterionPoints,
    FlagProposal,
    MemberRole,
    Pledge,
    PledgeStatus,
    Registration,
    RegistrationPeriod,
    RegistrationSheet,
    SheetStatus,
)
from records import roles
from records.models import AuditEvent, Conferral, HonourFamily, RecipientType


class TransitionError(Exception):
    """The record is not in a state that allows this step (e.g. a repeated click)."""


# --- Who may act ----------------------------------------------------------------------------


def sees_unit(user, unit_id):
    ids = user.visible_unit_ids
    return ids is None or unit_id in ids


def require(user, unit_id, *wanted_roles):
    """PermissionDenied unless `user` holds one of `wanted_roles` and sees `unit_id`."""
    if not (user.has_role(*wanted_roles, roles.ADMINISTRATOR) and sees_unit(user, unit_id)):
        raise PermissionDenied


def can_edit_sheet(user, unit_id):
    return user.has_role(roles.UNIT_OFFICER, roles.CLERK, roles.ADMINISTRATOR) and sees_unit(
        user, unit_id
    )


def can_review_sheet(user, unit_id):
    return user.has_role(roles.CLERK, roles.ADMINISTRATOR) and sees_unit(user, unit_id)


def can_manage_campaign(user, campaign):
    return user.has_role(roles.CLERK, roles.ADMINISTRATOR) and sees_unit(
        user, campaign.launching_unit_id
    )


def can_manage_cluster(user, cluster):
    """The standing office of the organising unit, or an administrator."""
    return user.has_role(roles.CLERK, roles.ADMINISTRATOR) and sees_unit(user, cluster.organiser_id)


def can_score_cluster(user, cluster):
    """The organiser's standing office, or an officer or clerk of the leading unit."""
    if can_manage_cluster(user, cluster):
        return True
    leader = cluster.members.filter(role=MemberRole.LEADER).first()
    return (
        leader is not None
        and user.has_role(roles.UNIT_OFFICER, roles.CLERK)
        and sees_unit(user, leader.unit_id)
    )


def audit(user, action, obj, from_state="", to_state="", reason="", **details):
    AuditEvent.objects.create(
        actor=user if getattr(user, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        details=details,
    )


def locked(model, pk):
    return model.objects.select_for_update().get(pk=pk)


# --- Campaigns ------------------------------------------------------------------------------


def advance_campaign(campaign, user):
    """Move a campaign to its next phase: launched → preliminary review → final review → closed."""
    if not can_manage_campaign(user, campaign):
        raise PermissionDenied
    with transaction.atomic():
        campaign = locked(Campaign, campaign.pk)
        following = NEXT_PHASE.get(campaign.phase)
        if following is None:
            raise TransitionError(_("The campaign is already closed."))
        before, campaign.phase = campaign.phase, following
        campaign.save(update_fields=["phase"])
        audit(user, "campaign.advance", campaign, before, following)
    return campaign


# --- Registrations --------------------------------------------------------------------------


def set_deadline(year, deadline, user):
    if not user.has_role(roles.CLERK, roles.ADMINISTRATOR):
        raise PermissionDenied
    with transaction.atomic():
        period, _created = RegistrationPeriod.objects.update_or_create(
            year=year, defaults={"deadline": deadline}
        )
        audit(user, "registration.deadline", period, to_state=deadline.isoformat())
    return period


def save_sheet(unit, year, user, person_titles, unit_title):
    """Save a unit's registration grid in bulk: `person_titles` maps each person id to an honour
    (or None: not registered), `unit_title` is the unit's own collective title (or None). Creates
    the sheet on first save. A constant number of queries, whatever the number of people."""
    if not can_edit_sheet(user, unit.pk):
        raise PermissionDenied
    try:
        with transaction.atomic():
            sheet, _created = RegistrationSheet.objects.get_or_create(unit=unit, year=year)
            sheet = locked(RegistrationSheet, sheet.pk)
            if not sheet.is_editable:
                raise TransitionError(
                    _("The sheet is %(status)s and can no longer be changed.")
                    % {"status": sheet.get_status_display().lower()}
                )
            sheet.registrations.all().delete()
            line = partial(Registration, sheet=sheet, year=year, unit=unit)
            rows = [
                line(recipient_type=RecipientType.INDIVIDUAL, person_id=person_id, honour=honour)
                for person_id, honour in person_titles.items()
                if honour is not None
            ]
            if unit_title is not None:
                rows.append(line(recipient_type=RecipientType.COLLECTIVE, honour=unit_title))
            Registration.objects.bulk_create(rows)
            sheet.save(update_fields=["updated_at"])
            audit(user, "registration.save", sheet, sheet.status, sheet.status, lines=len(rows))
    except IntegrityError as error:
        raise TransitionError(
            _("Someone in this grid already holds that registration in another unit.")
        ) from error
    return sheet


def submit_sheet(sheet, user):
    """Draft or returned → submitted. After the year's deadline the sheet is flagged late."""
    if not can_edit_sheet(user, sheet.unit_id):
        raise PermissionDenied
    with transaction.atomic():
        sheet = locked(RegistrationSheet, sheet.pk)
        if not sheet.is_editable:
            raise TransitionError(_("The sheet has already been submitted."))
        period = RegistrationPeriod.objects.filter(year=sheet.year).first()
        now = timezone.now()
        before = sheet.status
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = now
        sheet.is_late = period is not None and timezone.localdate(now) > period.deadline
        sheet.save(update_fields=["status", "submitted_at", "is_late", "updated_at"])
        audit(user, "registration.submit", sheet, before, sheet.status, late=sheet.is_late)
    return sheet


def review_sheet(sheet, user, accept, reason=""):
    """The standing office accepts a submitted sheet, or returns it with a reason; a returned
    sheet keeps every line for the unit to correct."""
    if not can_review_sheet(user, sheet.unit_id):
        raise PermissionDenied
    if not accept and not reason.strip():
        raise ValidationError(_("Give the reason for returning the sheet."))
    with transaction.atomic():
        sheet = locked(RegistrationSheet, sheet.pk)
        if sheet.status != SheetStatus.SUBMITTED:
            raise TransitionError(_("Only a submitted sheet can be accepted or returned."))
        sheet.status = SheetStatus.ACCEPTED if accept else SheetStatus.RETURNED
        sheet.return_reason = "" if accept else reason.strip()
        sheet.save(update_fields=["status", "return_reason", "updated_at"])
        audit(
            user,
            "registration.accept" if accept else "registration.return",
            sheet,
            SheetStatus.SUBMITTED,
            sheet.status,
            reason=sheet.return_reason,
        )
    return sheet


# --- Clusters -------------------------------------------------------------------------------


def leader_problem(unit, year):
    """Why `unit` cannot lead a cluster in `year` (no collective emulation title in the ledger for
    the previous year), or None when it may."""
    titled = Conferral.objects.filter(
        year=year - 1,
        recipient_type=RecipientType.COLLECTIVE,
        unit=unit,
        honour__family=HonourFamily.TITLE,
    ).exists()
    if titled:
        return None
    return _(
        "%(unit)s received no emulation title in %(previous)s, so it cannot lead a cluster "
        "in %(year)s."
    ) % {"unit": unit, "previous": year - 1, "year": year}


def set_members(cluster, user, units, leader, deputy):
    """Replace the members of `cluster`: `units` with `leader` and `deputy` among them."""
    if not can_manage_cluster(user, cluster):
        raise PermissionDenied
    problem = leader and leader_problem(leader, cluster.year)
    if problem:
        raise ValidationError(problem)
    if leader is not None and leader == deputy:
        raise ValidationError(_("The leader and the deputy must be different units."))
    with transaction.atomic():
        cluster = locked(Cluster, cluster.pk)
        if cluster.ranked_at:
            raise TransitionError(_("The cluster has been ranked; its members are final."))
        wanted = {unit.pk: unit for unit in [*units, leader, deputy] if unit is not None}
        cluster.members.exclude(unit_id__in=wanted).delete()
        # Everyone back to plain member first, so that the one-leader constraint holds throughout.
        cluster.members.update(role=MemberRole.MEMBER)
        present = set(cluster.members.values_list("unit_id", flat=True))
        ClusterMember.objects.bulk_create(
            ClusterMember(cluster=cluster, unit_id=unit_id) for unit_id in wanted.keys() - present
        )
        for unit, role in ((leader, MemberRole.LEADER), (deputy, MemberRole.DEPUTY)):
            if unit is not None:
                cluster.members.filter(unit=unit).update(role=role)
        audit(
            user,
            "cluster.members",
            cluster,
            leader=getattr(leader, "code", ""),
            deputy=getattr(deputy, "code", ""),
            members=sorted(unit.code for unit in wanted.values()),
        )
    return cluster


def save_criteria(pledge, user, criteria):
    """Replace a draft pledge's criteria with `criteria`: (text, max points) in order."""
    if not can_manage_cluster(user, pledge.cluster):
        raise PermissionDenied
    with transaction.atomic():
        pledge = locked(Pledge, pledge.pk)
        if pledge.status != PledgeStatus.DRAFT:
            raise TransitionError(_("The pledge is signed; its criteria are final."))
        pledge.criteria.all().delete()
        pledge.criteria.bulk_create(
            pledge.criteria.model(pledge=pledge, number=number, text=text, max_points=points)
            for number, (text, points) in enumerate(criteria, start=1)
        )
        audit(user, "pledge.criteria", pledge, count=len(criteria))
    return pledge


def sign_pledge(pledge, user, signed_on, place, signatories):
    """Record the signing of a pledge by the member units in `signatories`."""
    if not can_manage_cluster(user, pledge.cluster):
        raise PermissionDenied
    with transaction.atomic():
        pledge = locked(Pledge, pledge.pk)
        if pledge.status == PledgeStatus.SIGNED:
            raise TransitionError(_("The pledge has already been signed."))
        if not pledge.criteria.exists():
            raise ValidationError(_("A pledge needs at least one criterion before signing."))
        members = set(pledge.cluster.members.values_list("unit_id", flat=True))
        if not signatories or any(unit.pk not in members for unit in signatories):
            raise ValidationError(_("Only member units of the cluster can sign its pledge."))
        pledge.status = PledgeStatus.SIGNED
        pledge.signed_on = signed_on
        pledge.place = place
        pledge.save(update_fields=["status", "signed_on", "place"])
        pledge.signatories.set(signatories)
        audit(user, "pledge.sign", pledge, PledgeStatus.DRAFT, PledgeStatus.SIGNED)
    return pledge


def save_points(cluster, user, points):
    """Store the year-end points: `points` maps (member id, criterion id) to a Decimal (or None to
    clear). Points above a criterion's maximum are refused, and then nothing is saved."""
    if not can_score_cluster(user, cluster):
        raise PermissionDenied
    criteria = {c.pk: c for c in cluster.pledge.criteria.all()}
    members = set(cluster.members.values_list("pk", flat=True))
    for (member_id, criterion_id), value in points.items():
        if member_id not in members or criterion_id not in criteria:
            raise ValidationError(_("The scores name a member or criterion of another cluster."))
        if value is not None and not (0 <= value <= criteria[criterion_id].max_points):
            raise ValidationError(
                _("Criterion %(number)s takes 0 to %(max)s points.")
                % {
                    "number": criteria[criterion_id].number,
                    "max": criteria[criterion_id].max_points,
                }
            )
    with transaction.atomic():
        cluster = locked(Cluster, cluster.pk)
        if cluster.ranked_at:
            raise TransitionError(_("The cluster has been ranked; its scores are final."))
        CriterionPoints.objects.filter(member__cluster=cluster).delete()
        CriterionPoints.objects.bulk_create(
            CriterionPoints(member_id=member_id, criterion_id=criterion_id, points=value)
            for (member_id, criterion_id), value in points.items()
            if value is not None
        )
        audit(user, "cluster.points", cluster, count=len(points))
    return cluster


def ranking(cluster, criteria=None):
    """[(member, total, [points per criterion])] in rank order. Ties: the higher points on
    criterion 1, then criterion 2, …; then the unit code."""
    criteria = list(cluster.pledge.criteria.all()) if criteria is None else criteria
    members = list(cluster.members.select_related("unit").prefetch_related("points"))
    table = []
    for member in members:
        by_criterion = {p.criterion_id: p.points for p in member.points.all()}
        row = [by_criterion.get(c.pk, Decimal(0)) for c in criteria]
        table.append((member, sum(row, Decimal(0)), row))
    table.sort(key=lambda entry: (-entry[1], [-p for p in entry[2]], entry[0].unit.code))
    return table


def record_ranking(cluster):
    """Write each member's total and rank, propose the first for the sector flag, and close the
    scoring. Returns the ranking table."""
    table = ranking(cluster)
    if not table:
        raise ValidationError(_("The cluster has no members to rank."))
    ClusterScore.objects.bulk_create(
        ClusterScore(
            cluster=cluster,
            unit=member.unit,
            total=total,
            rank=position,
            flag_proposal=FlagProposal.PROPOSED if position == 1 else FlagProposal.NONE,
        )
        for position, (member, total, _row) in enumerate(table, start=1)
    )
    cluster.ranked_at = timezone.now()
    cluster.save(update_fields=["ranked_at"])
    return table


def rank_cluster(cluster, user):
    """Close the year's scoring: write each member's total and rank, and mark the first-ranked
    member as proposed for the sector emulation flag."""
    if not can_score_cluster(user, cluster):
        raise PermissionDenied
    with transaction.atomic():
        cluster = locked(Cluster, cluster.pk)
        if cluster.ranked_at:
            raise TransitionError(_("The cluster has already been ranked."))
        if not hasattr(cluster, "pledge") or not cluster.pledge.criteria.exists():
            raise ValidationError(_("The cluster has no pledge criteria to rank by."))
        table = record_ranking(cluster)
        audit(user, "cluster.rank", cluster, to_state="ranked", proposed=table[0][0].unit.code)
    return cluster


def mark_flag_nominated(score, user):
    """Called by the awards work when it turns a flag proposal into a nomination."""
    with transaction.atomic():
        score = locked(ClusterScore, score.pk)
        if score.flag_proposal != FlagProposal.PROPOSED:
            raise TransitionError(_("This unit is not waiting as proposed for the flag."))
        score.flag_proposal = FlagProposal.NOMINATED
        score.save(update_fields=["flag_proposal"])
        audit(user, "cluster.flag_nominated", score, FlagProposal.PROPOSED, FlagProposal.NOMINATED)
    return score
