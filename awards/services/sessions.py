"""Council sessions: the agenda (screening), attendance, opening, secret ballots or paper
tallies, closing with each item's result, and the digest of the results."""

import hashlib
import json

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import arithmetic
from awards.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    BallotMode,
    CouncilSession,
    Nomination,
    Outcome,
    Participation,
    SessionStatus,
)
from awards.services.common import (
    MANAGERS,
    SESSION_LEADERS,
    S,
    TransitionError,
    _move,
    audit,
    require_role,
    require_unit,
)
from records import roles
from records.models import AuditEvent, Leadership, RecipientType, RuleSet, VoteBase

CHOICES = ("approve", "disapprove", "abstain")


def put_on_agenda(actor, session, nominations, justification=""):
    """Screening passed: put the nominations on a planned session's agenda. A recipient found
    not eligible, or a nomination past its unit's quota (`awards.screening`), needs a written
    `justification`: refused without one; kept on the nomination, audited and printed in the
    dossier."""
    require_role(actor, *MANAGERS)
    with transaction.atomic():
        session = _lock_session(actor, session)
        if session.status != SessionStatus.PLANNED:
            raise TransitionError(_("Nothing changed: the session's agenda is already fixed."))
        moved = _move(
            actor,
            nominations,
            (S.SUBMITTED, S.DEFERRED),
            S.SCREENED,
            "screen",
            _("put on the agenda"),
            str(session),
        )
        for nomination in moved:
            if nomination.year != session.year:
                raise TransitionError(
                    _("The nomination “%(nomination)s” is for another year than the session.")
                    % {"nomination": nomination}
                )
        _justify(actor, moved, justification.strip())
        AgendaItem.objects.bulk_create(
            AgendaItem(session=session, nomination=nomination) for nomination in moved
        )
    return moved


def _justify(actor, nominations, justification):
    from awards import screening

    found = screening.concerns(nominations)
    if not found:
        return
    if not justification:
        lines = [f"{n}: {', '.join(found[n.pk])}" for n in nominations if n.pk in found]
        raise TransitionError(
            _("Nothing changed: write a justification to screen %(lines)s.")
            % {"lines": "; ".join(lines)}
        )
    justified = [n for n in nominations if n.pk in found]
    for nomination in justified:
        nomination.justification = justification
    Nomination.objects.bulk_update(justified, ["justification"])
    AuditEvent.objects.bulk_create(
        audit(actor, n, "justified", n.status, n.status, justification, concerns=found[n.pk])
        for n in justified
    )


# --- Sessions and ballots -----------------------------------------------------------------------


def _lock_session(actor, session):
    locked = (
        CouncilSession.objects.select_related("council")
        .select_for_update(of=("self",))
        .get(pk=session.pk)
    )
    require_unit(actor, locked.council.unit_id)
    return locked


def create_session(actor, council, year, date, place, ballot_mode=BallotMode.ONLINE):
    """A planned session whose attendance lists every member of the council on that day."""
    require_role(actor, *MANAGERS)
    require_unit(actor, council.unit_id)
    with transaction.atomic():
        session = CouncilSession.objects.create(
            council=council, year=year, date=date, place=place, ballot_mode=ballot_mode
        )
        Attendance.objects.bulk_create(
            Attendance(session=session, member=member) for member in council.members_on(date)
        )
        audit(actor, session, "session_created", "", session.status).save()
    return session


def set_attendance(actor, session, statuses):
    """`statuses`: {attendance id: status}, while the session is planned or open; a member who
    has already voted stays counted as present or with a written opinion."""
    require_role(actor, *MANAGERS)
    with transaction.atomic():
        session = _lock_session(actor, session)
        if session.status == SessionStatus.CLOSED:
            raise TransitionError(_("Nothing changed: the session is closed."))
        voted = set(session.participations.values_list("member_id", flat=True))
        rows = list(session.attendance.all())
        for row in rows:
            wanted = statuses.get(row.pk, row.status)
            if row.member_id in voted and wanted == AttendanceStatus.ABSENT:
                raise TransitionError(_("A member who has voted cannot be marked absent."))
            row.status = wanted
        Attendance.objects.bulk_update(rows, ["status"])
        audit(
            actor,
            session,
            "attendance",
            session.status,
            session.status,
            details={str(row.member_id): row.status for row in rows},
        ).save()


def open_session(actor, session):
    require_role(actor, *SESSION_LEADERS)
    with transaction.atomic():
        session = _lock_session(actor, session)
        if session.status != SessionStatus.PLANNED:
            raise TransitionError(_("Nothing changed: the session is already open or closed."))
        items = list(session.items.all())
        if not items:
            raise TransitionError(_("The agenda is empty."))
        _move(
            actor,
            [item.nomination_id for item in items],
            (S.SCREENED,),
            S.IN_SESSION,
            "session_opened",
            _("open the session"),
            str(session),
        )
        session.status = SessionStatus.OPEN
        session.save(update_fields=["status"])
        audit(actor, session, "session_opened", SessionStatus.PLANNED, session.status).save()
    return session


def leads(person, nomination):
    """Recusal: a member never votes on their own nomination, nor on a unit they lead (a person
    of that unit holding a leadership post)."""
    if nomination.recipient_type == RecipientType.INDIVIDUAL:
        return nomination.person_id == person.pk
    return nomination.unit_id == person.unit_id and person.leadership != Leadership.STAFF


def rule_for(session, nomination, rules=None):
    rules = rules if rules is not None else rules_for_year(session.year)
    rule = rules.get(nomination.honour_id)
    if rule is None:
        raise TransitionError(
            _("No rule set gives the vote needed for %(honour)s in %(year)s.")
            % {"honour": nomination.honour, "year": session.year}
        )
    return rule


def rules_for_year(year):
    rule_set = RuleSet.objects.for_year(year)
    return {rule.honour_id: rule for rule in rule_set.rules.all()} if rule_set else {}


def ballot_items(session, attendance):
    """The agenda items `attendance`'s member may vote on, and those they are recused from. An
    absent member's written opinion counts only where the base is all members."""
    rules = rules_for_year(session.year)
    person = attendance.member.person
    allowed, recused = [], []
    for item in session.items.select_related("nomination__honour", "nomination__person"):
        if leads(person, item.nomination):
            recused.append(item)
            continue
        rule = rule_for(session, item.nomination, rules)
        if attendance.status == AttendanceStatus.PRESENT or (
            attendance.status == AttendanceStatus.WRITTEN and rule.vote_base == VoteBase.ALL_MEMBERS
        ):
            allowed.append(item)
    return allowed, recused


def voter_attendance(actor, session):
    """The attendance row through which `actor` votes in `session`, or PermissionDenied."""
    if not actor.person_id:
        raise PermissionDenied(_("Only council members vote."))
    row = (
        session.attendance.select_related("member__person")
        .filter(member__person_id=actor.person_id)
        .first()
    )
    if row is None:
        raise PermissionDenied(_("Only council members vote."))
    return row


ALREADY_VOTED = gettext_lazy("Nothing changed: you have already voted.")


def has_voted(actor, session):
    """Whether `actor` has cast their ballot in `session`: as loaded for them with
    `with_ballot_of(actor)` (the session pages do), or one query."""
    if hasattr(session, "voted"):
        return session.voted
    return session.participations.filter(member__person_id=actor.person_id).exists()


def cast_ballot(actor, session, choices):
    """One secret ballot: `choices` is {agenda item id: "approve" | "disapprove" | "abstain"}
    for every item the member may vote on. Records that the member took part, and adds the choices
    to the item counters in the same transaction; nothing links the two."""
    require_role(actor, roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR)
    # A ballot once recorded stays: a second one is refused without queueing for the session's
    # lock (a double click, a second tab); the unique constraint below decides a true race.
    if has_voted(actor, session):
        raise TransitionError(ALREADY_VOTED)
    with transaction.atomic():
        session = _lock_session(actor, session)
        attendance = voter_attendance(actor, session)
        if session.status != SessionStatus.OPEN:
            raise TransitionError(_("Nothing changed: the session is not open for voting."))
        if session.ballot_mode != BallotMode.ONLINE:
            raise TransitionError(_("This session votes on paper."))
        if attendance.status == AttendanceStatus.ABSENT:
            raise TransitionError(_("You are recorded as absent from this session."))
        allowed, _recused = ballot_items(session, attendance)
        wanted = {item.pk for item in allowed}
        if set(choices) != wanted or any(choice not in CHOICES for choice in choices.values()):
            raise TransitionError(_("Choose approve, disapprove or abstain on every item."))
        try:
            with transaction.atomic():
                Participation.objects.create(session=session, member=attendance.member)
        except IntegrityError:
            raise TransitionError(ALREADY_VOTED) from None
        for item_id, choice in choices.items():
            AgendaItem.objects.filter(pk=item_id).update(**{choice: F(choice) + 1})


def eligible_voters(session, item, attendance_rows, rules=None):
    rule = rule_for(session, item.nomination, rules)
    voters = [
        row
        for row in attendance_rows
        if not leads(row.member.person, item.nomination)
        and (
            row.status == AttendanceStatus.PRESENT
            or (row.status == AttendanceStatus.WRITTEN and rule.vote_base == VoteBase.ALL_MEMBERS)
        )
    ]
    return len(voters)


def record_paper_tally(actor, session, tallies):
    """The counting group's totals per item: {item id: (approve, disapprove, abstain)}."""
    require_role(actor, *MANAGERS)
    with transaction.atomic():
        session = _lock_session(actor, session)
        if session.status != SessionStatus.OPEN:
            raise TransitionError(_("Nothing changed: the session is not open."))
        if session.ballot_mode != BallotMode.PAPER:
            raise TransitionError(_("This session votes online."))
        attendance = list(session.attendance.select_related("member__person"))
        items = {item.pk: item for item in session.items.select_related("nomination__honour")}
        rules = rules_for_year(session.year)
        for item_id, counts in tallies.items():
            item = items[item_id]
            if any(count < 0 for count in counts):
                raise TransitionError(_("Counts cannot be negative."))
            limit = eligible_voters(session, item, attendance, rules)
            if sum(counts) > limit:
                raise TransitionError(
                    _("“%(item)s”: %(count)s ballots, but only %(limit)s members may vote.")
                    % {"item": item, "count": sum(counts), "limit": limit}
                )
            item.approve, item.disapprove, item.abstain = counts
        AgendaItem.objects.bulk_update(items.values(), ["approve", "disapprove", "abstain"])
        audit(
            actor,
            session,
            "paper_tally",
            session.status,
            session.status,
            details={str(pk): [i.approve, i.disapprove, i.abstain] for pk, i in items.items()},
        ).save()


def close_session(actor, session, deferred=()):
    """Close the vote: compute each item's result from its honour's rule, move each nomination
    to approved / not approved / deferred (the clerk may defer items for more information), and
    store the digest of the results."""
    require_role(actor, *SESSION_LEADERS)
    deferred = set(deferred)
    with transaction.atomic():
        session = _lock_session(actor, session)
        if session.status != SessionStatus.OPEN:
            raise TransitionError(_("Nothing changed: the session is not open."))
        attendance = list(session.attendance.select_related("member__person"))
        members = len(attendance)
        present = sum(1 for row in attendance if row.status == AttendanceStatus.PRESENT)
        rules = rules_for_year(session.year)
        items = list(session.items.select_related("nomination__honour", "nomination__person"))
        by_outcome = {}
        for item in items:
            rule = rule_for(session, item.nomination, rules)
            recused = [row for row in attendance if leads(row.member.person, item.nomination)]
            recused_present = sum(1 for row in recused if row.status == AttendanceStatus.PRESENT)
            is_all = rule.vote_base == VoteBase.ALL_MEMBERS
            result = arithmetic.evaluate(
                item.approve, members, present, len(recused) if is_all else recused_present, rule
            )
            if item.pk in deferred:
                result = arithmetic.deferred()
            item.outcome, item.calculation = result.outcome, result.calculation
            by_outcome.setdefault(item.outcome, []).append(item.nomination_id)
        AgendaItem.objects.bulk_update(items, ["outcome", "calculation"])
        target = {
            Outcome.APPROVED: S.APPROVED,
            Outcome.NOT_APPROVED: S.NOT_APPROVED,
            Outcome.DEFERRED: S.DEFERRED,
        }
        for outcome, ids in by_outcome.items():
            _move(actor, ids, (S.IN_SESSION,), target[outcome], "voted", _("close"), str(session))
        session.status = SessionStatus.CLOSED
        session.closed_at = timezone.now()
        session.digest = compute_digest(session)
        session.save(update_fields=["status", "closed_at", "digest"])
        audit(
            actor,
            session,
            "session_closed",
            SessionStatus.OPEN,
            session.status,
            digest=session.digest,
        ).save()
    return session


def digest_payload(session):
    """What the digest covers: the session, its attendance, who took part, and each item's
    totals and outcome — in a fixed order."""
    return {
        "session": session.pk,
        "council": session.council_id,
        "date": session.date.isoformat(),
        "attendance": sorted(
            [row.member_id, row.status] for row in session.attendance.only("member_id", "status")
        ),
        "participants": sorted(session.participations.values_list("member_id", flat=True)),
        "items": sorted(
            [item.nomination_id, item.approve, item.disapprove, item.abstain, item.outcome]
            for item in session.items.all()
        ),
    }


def compute_digest(session):
    payload = json.dumps(digest_payload(session), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def verify_digest(session):
    """True when the recorded attendance, participation and totals are those of the minutes."""
    return bool(session.digest) and compute_digest(session) == session.digest


def verify_session_digests():
    """Each closed session's digest matches its recorded ballots, and is the digest written into
    the audit chain when it closed (registered into records.integrity: verify_integrity)."""
    chained = {
        event.object_id: event.details.get("digest")
        for event in AuditEvent.objects.filter(
            object_type=CouncilSession._meta.label_lower, action="session_closed"
        ).only("object_id", "details")
    }
    problems = []
    for session in CouncilSession.objects.filter(status=SessionStatus.CLOSED).order_by("pk"):
        if not verify_digest(session):
            problems.append(
                _("Council session %(id)s: the recorded ballots do not match its digest.")
                % {"id": session.pk}
            )
        if chained.get(str(session.pk)) != session.digest:
            problems.append(
                _("Council session %(id)s: its digest is not the one in the audit trail.")
                % {"id": session.pk}
            )
    return problems
