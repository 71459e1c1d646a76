"""The initiative workflow: each transition checks who may do it, locks the row and writes an
audit event in the same transaction. Views and the demo call only these functions."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import (
    EDITABLE_STATES,
    LEVEL_RANK,
    Attachment,
    Author,
    Criterion,
    Initiative,
    Recognition,
    Review,
    Score,
    Status,
)
from initiatives.similarity import search_text
from records import roles
from records.models import AuditEvent, CouncilKind, CouncilMember
from records.uploads import safe_file_name


class Outcome:
    RECOGNISED = "recognised"
    NOT_RECOGNISED = "not_recognised"
    RETURNED = "returned"


# --- Who may do what ------------------------------------------------------------------------


def is_clerk(user):
    return user.has_role(roles.CLERK, roles.ADMINISTRATOR)


def may_edit(user, initiative):
    """Authors, whoever entered it, the officer of its unit, the clerk and administrators."""
    if is_clerk(user) or initiative.created_by_id == user.pk:
        return True
    if user.person_id and any(a.person_id == user.person_id for a in initiative.authors.all()):
        return True
    unit_ids = user.visible_unit_ids
    return (
        user.has_role(roles.UNIT_OFFICER)
        and unit_ids is not None
        and initiative.unit_id in (unit_ids)
    )


def council_seat(user, day=None):
    """The user's current seat on an initiative council, or None."""
    if not user.person_id:
        return None
    day = day or timezone.localdate()
    return (
        CouncilMember.objects.filter(
            Q(term_end__isnull=True) | Q(term_end__gte=day),
            person_id=user.person_id,
            council__kind=CouncilKind.INITIATIVE,
            term_start__lte=day,
        )
        .select_related("council")
        .first()
    )


def may_score(user, initiative):
    return (
        user.has_role(roles.INITIATIVE_MEMBER)
        and initiative.status == Status.SUBMITTED
        and not is_author(user, initiative)
    )


def check_may_score(user, initiative, on=None):
    """Raise the reason why `user` may not score `initiative` now, if there is one."""
    if not user.has_role(roles.INITIATIVE_MEMBER) or not council_seat(user, on):
        raise PermissionDenied(_("Only members of the initiative council score initiatives."))
    if is_author(user, initiative):
        raise PermissionDenied(
            _("You are an author of this initiative: council members do not score their own.")
        )
    _require_state(initiative, Status.SUBMITTED)
    if Review.objects.filter(
        initiative=initiative, level=initiative.requested_level, reviewer_id=user.person_id
    ).exists():
        raise ValidationError(_("You have already scored this initiative."))


def is_author(user, initiative):
    return bool(user.person_id) and initiative.authors.filter(person_id=user.person_id).exists()


# --- Helpers --------------------------------------------------------------------------------


def _locked(initiative):
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


def _audit(user, initiative, action, from_state, to_state, reason="", **details):
    AuditEvent.objects.create(
        actor=user if user and user.pk else None,
        action=action,
        object_type="initiative",
        object_id=str(initiative.pk),
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        details=details,
    )


def _require_state(initiative, *states):
    if initiative.status not in states:
        raise ValidationError(
            _("This initiative is %(status)s: that cannot be done now.")
            % {"status": initiative.get_status_display().lower()}
        )


def check_shares(authors):
    """`authors` is a list of (person, share): people once each, shares adding up to 100."""
    if not authors:
        raise ValidationError(_("An initiative needs at least one author."))
    people = [person.pk for person, _share in authors]
    if len(set(people)) != len(people):
        raise ValidationError(_("Each person may be named only once among the authors."))
    if any(not 0 < share <= 100 for _person, share in authors):
        raise ValidationError(_("Each share must be more than 0 and at most 100."))
    total = sum(share for _person, share in authors)
    if total != 100:
        raise ValidationError(
            _("The shares of contribution add up to %(total)s%%; they must add up to 100%%.")
            % {"total": total}
        )


def _replace_authors(initiative, authors):
    initiative.authors.all().delete()
    Author.objects.bulk_create(
        Author(initiative=initiative, person=person, share=share, position=position)
        for position, (person, share) in enumerate(authors, start=1)
    )


# --- Transitions ----------------------------------------------------------------------------


def save_initiative(user, data, authors, initiative=None, files=()):
    """Create an initiative (draft) or change one that is still a draft or returned. `data` holds
    the model fields, `authors` the (person, share) pairs, `files` uploaded attachments."""
    check_shares(authors)
    data = {**data, "search_text": search_text(data["title"], data.get("summary", ""))}
    with transaction.atomic():
        if initiative is None:
            initiative = Initiative(created_by=user if user and user.pk else None, **data)
            initiative.save()
            if not initiative.code:
                initiative.code = f"SK{initiative.year}-{initiative.pk:05d}"
                initiative.save(update_fields=["code"])
            action = "initiative.create"
        else:
            initiative = _locked(initiative)
            if not may_edit(user, initiative):
                raise PermissionDenied(_("You may not change this initiative."))
            _require_state(initiative, *EDITABLE_STATES)
            for name, value in data.items():
                setattr(initiative, name, value)
            initiative.save()
            action = "initiative.edit"
        _replace_authors(initiative, authors)
        for upload in files:
            Attachment.objects.create(
                initiative=initiative, file=upload, name=safe_file_name(upload.name)
            )
        _audit(user, initiative, action, initiative.status, initiative.status)
    return initiative


def submit(user, initiative, on=None):
    """Send a draft or returned initiative to the council. Returns warnings for the author (a
    late request is flagged for the council, never blocked)."""
    on = on or timezone.localdate()
    with transaction.atomic():
        initiative = _locked(initiative)
        if not may_edit(user, initiative):
            raise PermissionDenied(_("You may not submit this initiative."))
        _require_state(initiative, *EDITABLE_STATES)
        check_shares([(a.person, a.share) for a in initiative.authors.select_related("person")])
        if initiative.batch and not initiative.batch.is_open_on(on):
            raise ValidationError(
                _("%(batch)s is not open on %(day)s.")
                % {"batch": initiative.batch, "day": on.strftime("%d/%m/%Y")}
            )
        if initiative.batch:
            initiative.requested_level = initiative.batch.level
        before = initiative.status
        initiative.status = Status.SUBMITTED
        initiative.submitted_on = on
        initiative.return_reason = ""
        initiative.save(
            update_fields=["status", "submitted_on", "return_reason", "requested_level"]
        )
        _audit(user, initiative, "initiative.submit", before, initiative.status)
    warnings = []
    if initiative.late_request:
        warnings.append(
            _("It was first applied more than a year before this request; the council is told.")
        )
    return initiative, warnings


def request_higher_level(user, initiative, batch, on=None):
    """Ask for recognition of an already recognised initiative at a higher level; its earlier
    recognitions stay in the history."""
    on = on or timezone.localdate()
    with transaction.atomic():
        initiative = _locked(initiative)
        if not may_edit(user, initiative):
            raise PermissionDenied(_("You may not submit this initiative."))
        _require_state(initiative, Status.RECOGNISED)
        reached = max((LEVEL_RANK[r.level] for r in initiative.recognitions.all()), default=0)
        if LEVEL_RANK[batch.level] <= reached:
            raise ValidationError(_("The initiative is already recognised at this level."))
        if not batch.is_open_on(on):
            raise ValidationError(
                _("%(batch)s is not open on %(day)s.")
                % {"batch": batch, "day": on.strftime("%d/%m/%Y")}
            )
        initiative.batch = batch
        initiative.requested_level = batch.level
        initiative.status = Status.SUBMITTED
        initiative.submitted_on = on
        initiative.save(update_fields=["batch", "requested_level", "status", "submitted_on"])
        _audit(user, initiative, "initiative.request_level", Status.RECOGNISED, Status.SUBMITTED)
    return initiative


def score(user, initiative, points, comment="", on=None):
    """A council member scores a submitted initiative: `points` maps criteria to points."""
    with transaction.atomic():
        initiative = _locked(initiative)
        check_may_score(user, initiative, on)
        level = initiative.requested_level
        criteria = list(Criterion.objects.filter(active=True))
        for criterion in criteria:
            given = points.get(criterion)
            if given is None or not 0 <= given <= criterion.max_points:
                raise ValidationError(
                    _("%(criterion)s: give from 0 to %(max)s points.")
                    % {"criterion": criterion.name, "max": criterion.max_points}
                )
        review = Review.objects.create(
            initiative=initiative,
            level=level,
            reviewer_id=user.person_id,
            comment=comment,
            total=sum(points[criterion] for criterion in criteria),
        )
        Score.objects.bulk_create(
            Score(review=review, criterion=criterion, points=points[criterion])
            for criterion in criteria
        )
        _audit(user, initiative, "initiative.score", initiative.status, initiative.status)
    return review


def return_for_changes(user, initiative, reason):
    if not is_clerk(user):
        raise PermissionDenied(_("Only the standing office returns initiatives."))
    if not reason.strip():
        raise ValidationError(_("Give the reason for returning it."))
    with transaction.atomic():
        initiative = _locked(initiative)
        _require_state(initiative, Status.SUBMITTED)
        initiative.status = Status.RETURNED
        initiative.return_reason = reason
        initiative.save(update_fields=["status", "return_reason"])
        _audit(user, initiative, "initiative.return", Status.SUBMITTED, Status.RETURNED, reason)
    return initiative


def record_outcome(
    user, initiative, outcome, level=None, decision_number="", decision_date=None, reason=""
):
    """Record the council's outcome for a submitted initiative: recognised at a level (with the
    recognition decision), not recognised, or returned for changes."""
    if not is_clerk(user):
        raise PermissionDenied(_("Only the standing office records the council's outcome."))
    if outcome == Outcome.RETURNED:
        return return_for_changes(user, initiative, reason)
    if outcome == Outcome.RECOGNISED and not (decision_number and decision_date):
        raise ValidationError(_("Give the number and date of the recognition decision."))
    with transaction.atomic():
        initiative = _locked(initiative)
        _require_state(initiative, Status.SUBMITTED)
        if outcome == Outcome.RECOGNISED:
            level = level or initiative.requested_level
            if initiative.recognitions.filter(level=level).exists():
                raise ValidationError(_("The initiative is already recognised at this level."))
            batch = (
                initiative.batch if initiative.batch and initiative.batch.level == level else None
            )
            Recognition.objects.create(
                initiative=initiative,
                level=level,
                year=batch.year if batch else decision_date.year,
                batch=batch,
                decision_number=decision_number,
                decision_date=decision_date,
            )
            status = Status.RECOGNISED
        else:
            status = Status.NOT_RECOGNISED
        initiative.status = status
        initiative.save(update_fields=["status"])
        _audit(
            user,
            initiative,
            "initiative.outcome",
            Status.SUBMITTED,
            status,
            reason,
            level=level or "",
            decision_number=decision_number,
        )
    return initiative


def open_batch(user, batch):
    """The clerk opens a batch (an unsaved, validated `Batch`)."""
    if not is_clerk(user):
        raise PermissionDenied(_("Only the standing office opens batches."))
    with transaction.atomic():
        batch.save()
        AuditEvent.objects.create(
            actor=user,
            action="batch.open",
            object_type="initiative_batch",
            object_id=str(batch.pk),
            details={"year": batch.year, "level": batch.level, "number": batch.number},
        )
    return batch


def mark_duplicate(user, initiative, original):
    """The clerk marks an initiative as a duplicate of an earlier one."""
    if not is_clerk(user):
        raise PermissionDenied(_("Only the standing office marks duplicates."))
    if original.pk == initiative.pk:
        raise ValidationError(_("An initiative cannot duplicate itself."))
    with transaction.atomic():
        initiative = _locked(initiative)
        if initiative.duplicate_of_id == original.pk:
            raise ValidationError(_("It is already marked as a duplicate of that initiative."))
        initiative.duplicate_of = original
        initiative.save(update_fields=["duplicate_of"])
        _audit(
            user,
            initiative,
            "initiative.duplicate",
            initiative.status,
            initiative.status,
            duplicate_of=original.pk,
        )
    return initiative
