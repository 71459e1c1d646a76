"""Checks that the audit trail's hash chain is intact: no event altered, removed or inserted."""

from django.utils.translation import gettext as _

from records.models import AuditChain, AuditEvent


def verify_audit_chain():
    """Walk the trail in the order it was written; return a list of problems (empty: intact)."""
    problems = []
    previous = ""
    count = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=2000):
        count += 1
        if event.previous_hash != previous:
            problems.append(
                _("Audit event %(id)s does not follow the one before it (removed or inserted).")
                % {"id": event.pk}
            )
        if event.compute_hash() != event.hash:
            problems.append(_("Audit event %(id)s was altered.") % {"id": event.pk})
        previous = event.hash
    head = AuditChain.objects.filter(pk=1).first()
    expected_last, expected_count = (head.last_hash, head.length) if head else ("", 0)
    if (previous, count) != (expected_last, expected_count):
        problems.append(
            _(
                "The audit trail holds %(count)s events ending in %(last)s, but %(expected)s were "
                "written: events were removed or added at the end."
            )
            % {"count": count, "last": previous[:12] or "-", "expected": expected_count}
        )
    return problems


# Other apps' integrity checks (each returns a list of problems), registered from their
# AppConfig.ready(): records imports no other app.
_checks = []


def register_check(check):
    if check not in _checks:
        _checks.append(check)


def verify_all():
    """The audit chain, then every registered check: a list of problems (empty: intact)."""
    problems = verify_audit_chain()
    for check in _checks:
        problems.extend(check())
    return problems


def chain_head():
    """(hash of the last event, number of events) of the audit trail."""
    head = AuditChain.objects.filter(pk=1).first()
    return (head.last_hash, head.length) if head else ("", 0)
