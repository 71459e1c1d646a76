"""What every awards service shares: the refusal, the role and scope checks, the audit row,
and the mover that locks nominations and moves them from allowed states to the next one."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from awards.models import Nomination, NominationStatus
from records import roles
from records.models import AuditEvent

S = NominationStatus
MANAGERS = (roles.CLERK, roles.ADMINISTRATOR)
PROPOSERS = (roles.UNIT_OFFICER, roles.CLERK, roles.ADMINISTRATOR)
SESSION_LEADERS = (roles.CLERK, roles.COUNCIL_CHAIR, roles.ADMINISTRATOR)


class TransitionError(Exception):
    """A step that conflicts with the current state or the rules: nothing was changed."""


# --- Helpers ------------------------------------------------------------------------------------


def require_role(actor, *wanted):
    if not actor.has_role(*wanted):
        raise PermissionDenied(_("Your role may not do this."))


def require_unit(actor, unit_id):
    if actor.visible_unit_ids is not None and unit_id not in actor.visible_unit_ids:
        raise PermissionDenied(_("This unit is outside your scope."))


def audit(actor, obj, action, from_state="", to_state="", reason="", **details):
    return AuditEvent(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        details=details,
    )


def timeline(nomination):
    """The audit trail of a nomination, oldest first."""
    return (
        AuditEvent.objects.filter(
            object_type=Nomination._meta.label_lower, object_id=str(nomination.pk)
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )


def _refuse(nomination, action):
    raise TransitionError(
        _(
            "Nothing changed: the nomination “%(nomination)s” is “%(status)s”, where “%(action)s” "
            "is not allowed."
        )
        % {"nomination": nomination, "status": nomination.get_status_display(), "action": action}
    )


def _move(actor, nominations, allowed, to, action, label, reason="", change=None):
    """Lock `nominations`, check each is in an `allowed` state, move them all to `to` (calling
    `change(nomination)` on each first) and audit each move. All or nothing."""
    ids = sorted({getattr(n, "pk", n) for n in nominations})
    if not ids:
        raise TransitionError(_("Nothing changed: no nomination was chosen."))
    locked = list(
        Nomination.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("honour", "person", "unit")
        .order_by("pk")
    )
    for nomination in locked:
        require_unit(actor, nomination.proposing_unit_id)
        if nomination.status not in allowed:
            _refuse(nomination, label)
    events = []
    for nomination in locked:
        events.append(audit(actor, nomination, action, nomination.status, to, reason))
        nomination.status = to
        nomination.status_reason = reason
        if change:
            change(nomination)
    fields = ["status", "status_reason", "decision", "proposal"]
    fields += ["higher_decision_number", "higher_decision_date", "conferral"]
    Nomination.objects.bulk_update(locked, fields)
    AuditEvent.objects.bulk_create(events)
    return locked
