"""Every state change of a nomination, a session, a decision or a proposal.

Each service checks who may act, locks the rows it changes (`select_for_update` inside
`transaction.atomic`), refuses a conflicting or repeated step with `TransitionError` (nothing
changes), and writes an `AuditEvent` per nomination in the same transaction. Services take many
nominations at once, so bulk creation (from registrations, from a cluster's ranking, the demo) is
a thin layer over `create_nominations`.
"""

import hashlib
import json
from dataclasses import dataclass

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
    Decision,
    DecisionKind,
    DocumentStatus,
    DossierFile,
    Nomination,
    NominationStatus,
    NumberCounter,
    Outcome,
    Participation,
    Proposal,
    Revocation,
    SessionStatus,
)
from records import roles, uploads
from records.models import (
    AuditEvent,
    Conferral,
    ConferralSource,
    ConferringLevel,
    Honour,
    Leadership,
    Method,
    RecipientType,
    RuleSet,
    Unit,
    VoteBase,
)

S = NominationStatus
MANAGERS = (roles.CLERK, roles.ADMINISTRATOR)
PROPOSERS = (roles.UNIT_OFFICER, roles.CLERK, roles.ADMINISTRATOR)
SESSION_LEADERS = (roles.CLERK, roles.COUNCIL_CHAIR, roles.ADMINISTRATOR)
CHOICES = ("approve", "disapprove", "abstain")


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


# --- Nominations --------------------------------------------------------------------------------


@dataclass
class NominationData:
    """What a new nomination says; shared by the form, bulk creation and the demo."""

    honour: object
    year: int
    method: str
    proposing_unit: object
    person: object = None
    unit: object = None
    campaign: str = ""
    summary: str = ""

    def build(self, actor):
        recipient_type = RecipientType.INDIVIDUAL if self.person else RecipientType.COLLECTIVE
        if not self.person and not self.unit:
            raise TransitionError(_("Name a person or a unit as the recipient."))
        if not self.honour.accepts(recipient_type):
            raise TransitionError(
                _("%(honour)s is not awarded to this kind of recipient.") % {"honour": self.honour}
            )
        if self.method == Method.THEMATIC and not self.campaign.strip():
            raise TransitionError(_("A thematic nomination names its campaign."))
        return Nomination(
            honour=self.honour,
            year=self.year,
            method=self.method,
            campaign=self.campaign.strip(),
            summary=self.summary,
            proposing_unit=self.proposing_unit,
            recipient_type=recipient_type,
            person=self.person,
            unit=self.person.unit if self.person else self.unit,
            created_by=actor if getattr(actor, "pk", None) else None,
        )


def create_nominations(actor, entries, reason=""):
    """Create draft nominations from `NominationData` entries, in bulk, each audited."""
    require_role(actor, *PROPOSERS)
    entries = list(entries)
    for entry in entries:
        require_unit(actor, entry.proposing_unit.pk)
    with transaction.atomic():
        created = Nomination.objects.bulk_create([entry.build(actor) for entry in entries])
        AuditEvent.objects.bulk_create(
            audit(actor, nomination, "created", "", S.DRAFT, reason) for nomination in created
        )
    return created


def create_nomination(actor, entry, reason=""):
    return create_nominations(actor, [entry], reason)[0]


def update_nomination(actor, nomination, **fields):
    """Edit a draft or returned nomination's content (never its state)."""
    require_role(actor, *PROPOSERS)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        require_unit(actor, locked.proposing_unit_id)
        if locked.status not in (S.DRAFT, S.RETURNED):
            _refuse(locked, _("edit"))
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.full_clean()
        locked.save()
        audit(actor, locked, "edited", locked.status, locked.status).save()
    return locked


MAX_FILE_SIZE = uploads.MAX_FILE_SIZE


def check_upload(upload):
    """The file's extension, its first bytes and its size must agree: PDF, DOCX, JPEG or PNG up
    to 20 MB. Returns the content type to serve it with."""
    if problem := uploads.upload_problem(upload, MAX_FILE_SIZE):
        raise TransitionError(problem)
    return uploads.content_type_of(upload)


def add_dossier_file(actor, nomination, kind, upload):
    require_role(actor, *PROPOSERS)
    content_type = check_upload(upload)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        require_unit(actor, locked.proposing_unit_id)
        if locked.status not in (S.DRAFT, S.RETURNED, S.SUBMITTED):
            _refuse(locked, _("add a file"))
        stored = DossierFile.objects.create(
            nomination=locked,
            kind=kind,
            file=upload,
            original_name=uploads.safe_file_name(upload.name),
            content_type=content_type,
            size=upload.size,
            uploaded_by=actor,
        )
        audit(actor, locked, "file_added", locked.status, locked.status, upload.name).save()
    return stored


def submit(actor, nominations):
    require_role(actor, *PROPOSERS)
    with transaction.atomic():
        return _move(actor, nominations, (S.DRAFT, S.RETURNED), S.SUBMITTED, "submit", _("submit"))


def withdraw(actor, nominations, reason):
    """Withdraw before the session: a nomination already on a planned agenda leaves it."""
    require_role(actor, *PROPOSERS)
    if not reason.strip():
        raise TransitionError(_("Say why the nomination is withdrawn."))
    with transaction.atomic():
        moved = _move(
            actor,
            nominations,
            (S.DRAFT, S.SUBMITTED, S.RETURNED, S.SCREENED, S.DEFERRED),
            S.WITHDRAWN,
            "withdraw",
            _("withdraw"),
            reason,
        )
        AgendaItem.objects.filter(
            nomination__in=moved, session__status=SessionStatus.PLANNED
        ).delete()
    return moved


def return_for_information(actor, nominations, reason):
    require_role(actor, *MANAGERS)
    if not reason.strip():
        raise TransitionError(_("Say what information is missing."))
    with transaction.atomic():
        return _move(
            actor, nominations, (S.SUBMITTED,), S.RETURNED, "return", _("return"), reason.strip()
        )


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


# --- Numbers, decisions and proposals ------------------------------------------------------------


def next_number(issuer_unit, year, series):
    """The next number of a series for a unit and year, under a row lock on its counter."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                counter, _created = NumberCounter.objects.get_or_create(
                    issuer_unit=issuer_unit, year=year, series=series
                )
                counter = NumberCounter.objects.select_for_update().get(pk=counter.pk)
                counter.last += 1
                counter.save(update_fields=["last"])
                return counter.last
        except IntegrityError:
            continue
    raise TransitionError(_("Could not take a number: try again."))


def _document_fields(fields):
    wanted = ("issuer_unit", "year", "symbol", "date", "issuing_body", "signer")
    wanted += ("signer_position", "subject")
    return {name: fields[name] for name in wanted if name in fields}


def draft_decision(actor, nominations, **fields):
    """A draft decision of this agency over approved nominations for honours it confers."""
    require_role(actor, *MANAGERS)
    require_unit(actor, fields["issuer_unit"].pk)
    with transaction.atomic():
        decision = Decision.objects.create(created_by=actor, **_document_fields(fields))

        def attach(nomination):
            if nomination.honour.conferring_level != ConferringLevel.AGENCY:
                raise TransitionError(
                    _("%(honour)s is conferred by a higher authority: propose it instead.")
                    % {"honour": nomination.honour}
                )
            nomination.decision = decision

        moved = _move(
            actor,
            nominations,
            (S.APPROVED,),
            S.IN_DECISION,
            "in_decision",
            _("include in a decision"),
            decision.subject,
            attach,
        )
        _refuse_duplicates(moved)
        audit(actor, decision, "drafted", "", decision.status, count=len(moved)).save()
    return decision


def _refuse_duplicates(nominations):
    seen = set()
    for nomination in nominations:
        key = (nomination.recipient_type, nomination.person_id, nomination.unit_id)
        key += (nomination.honour_id, nomination.year)
        if key in seen:
            raise TransitionError(
                _("“%(nomination)s” appears twice in the same document.")
                % {"nomination": nomination}
            )
        seen.add(key)


def draft_correction(actor, original, conferrals, reason, amend=None, **fields):
    """A draft decision that revokes ledger entries written by `original` (issued), or amends
    them when `amend` gives a new honour, method or campaign: each is then replaced by a new entry
    under the correction's number."""
    require_role(actor, *MANAGERS)
    require_unit(actor, fields["issuer_unit"].pk)
    if not reason.strip():
        raise TransitionError(_("Give the reason for the correction."))
    amend = {key: value for key, value in (amend or {}).items() if value}
    if amend.get("method") == Method.THEMATIC and not amend.get("campaign"):
        raise TransitionError(_("A thematic nomination names its campaign."))
    with transaction.atomic():
        original = Decision.objects.select_for_update().get(pk=original.pk)
        if original.status != DocumentStatus.ISSUED:
            raise TransitionError(_("Only an issued decision can be corrected."))
        conferrals = list(conferrals)
        owned = set(original.nominations.values_list("conferral_id", flat=True))
        if not conferrals or any(c.pk not in owned for c in conferrals):
            raise TransitionError(_("Choose ledger entries written by the corrected decision."))
        decision = Decision.objects.create(
            created_by=actor,
            kind=DecisionKind.CORRECTION,
            corrects=original,
            **_document_fields(fields),
        )
        try:
            with transaction.atomic():
                Revocation.objects.bulk_create(
                    Revocation(
                        conferral=c,
                        decision=decision,
                        reason=reason,
                        new_honour=amend.get("honour"),
                        new_method=amend.get("method", ""),
                        new_campaign=amend.get("campaign", ""),
                    )
                    for c in conferrals
                )
        except IntegrityError:
            raise TransitionError(
                _("Nothing changed: an entry is already being revoked.")
            ) from None
        audit(actor, decision, "drafted", "", decision.status, corrects=original.pk).save()
    return decision


def _issue(actor, document, series):
    if document.status != DocumentStatus.DRAFT:
        raise TransitionError(_("Nothing changed: the document is already issued."))
    document.number_seq = next_number(document.issuer_unit, document.year, series)
    document.status = DocumentStatus.ISSUED
    document.date = document.date or timezone.localdate()
    document.save(update_fields=["number_seq", "status", "date"])
    audit(
        actor, document, "issued", DocumentStatus.DRAFT, document.status, number=document.number
    ).save()


def _conferral(nomination, number, date, issuer):
    return Conferral(
        year=nomination.year,
        recipient_type=nomination.recipient_type,
        person=nomination.person,
        unit=nomination.unit,
        honour=nomination.honour,
        method=nomination.method,
        campaign=nomination.campaign,
        decision_number=number,
        decision_date=date,
        issuer=issuer,
        source=ConferralSource.DECISION,
    )


def _write_ledger(actor, nominations, number, date, issuer, action, label, extra=None):
    """Move `nominations` to conferred and write one ledger row for each, linked back."""
    ids = [n.pk for n in nominations]
    locked = {n.pk: n for n in Nomination.objects.filter(pk__in=ids).select_related("person")}
    rows = Conferral.objects.bulk_create(
        _conferral(locked[pk], number, date, issuer) for pk in sorted(locked)
    )
    by_nomination = dict(zip(sorted(locked), rows, strict=True))

    def link(nomination):
        nomination.conferral = by_nomination[nomination.pk]
        if extra:
            extra(nomination)

    return _move(actor, ids, (S.IN_DECISION, S.PROPOSED), S.CONFERRED, action, label, number, link)


def issue_decision(actor, decision):
    """Issue a draft decision: it takes the next number of its unit and year, its nominations
    become ledger rows, and the entries a correction revokes are marked revoked. Immutable after."""
    require_role(actor, *MANAGERS)
    with transaction.atomic():
        decision = (
            Decision.objects.select_for_update().select_related("issuer_unit").get(pk=decision.pk)
        )
        require_unit(actor, decision.issuer_unit_id)
        _issue(actor, decision, Decision.SERIES)
        nominations = list(decision.nominations.all())
        if nominations:
            _write_ledger(
                actor,
                nominations,
                decision.number,
                decision.date,
                decision.issuing_body,
                "conferred",
                _("confer"),
            )
        _apply_corrections(actor, decision)
    return decision


def _apply_corrections(actor, decision):
    """Revoked entries' nominations become revoked; amended entries get their replacement, to
    which their nomination then points."""
    revocations = list(decision.revocations.select_related("conferral"))
    replaced = {}
    for revocation in revocations:
        if revocation.amends:
            old = revocation.conferral
            new = Conferral.objects.get(pk=old.pk)
            new.pk = None
            new.honour_id = revocation.new_honour_id or old.honour_id
            new.method = revocation.new_method or old.method
            new.campaign = revocation.new_campaign or old.campaign
            new.decision_number = decision.number
            new.decision_date = decision.date
            new.issuer = decision.issuing_body
            new.source = ConferralSource.DECISION
            new.save()
            revocation.replacement = new
            revocation.save(update_fields=["replacement"])
            replaced[old.pk] = new
    nominations = list(
        Nomination.objects.filter(conferral__revocation__decision=decision).select_related(
            "conferral"
        )
    )
    revoked = [n for n in nominations if n.conferral_id not in replaced]
    amended = [n for n in nominations if n.conferral_id in replaced]
    if revoked:
        _move(actor, revoked, (S.CONFERRED,), S.REVOKED, "revoked", _("revoke"), decision.number)
    if amended:

        def repoint(nomination):
            nomination.conferral = replaced[nomination.conferral_id]

        _move(
            actor,
            amended,
            (S.CONFERRED,),
            S.CONFERRED,
            "amended",
            _("amend"),
            decision.number,
            repoint,
        )


def draft_proposal(actor, nominations, addressee, **fields):
    """A draft proposal (tờ trình) to the higher authority over approved nominations for honours
    that authority confers."""
    require_role(actor, *MANAGERS)
    require_unit(actor, fields["issuer_unit"].pk)
    with transaction.atomic():
        proposal = Proposal.objects.create(
            created_by=actor, addressee=addressee, **_document_fields(fields)
        )
        ids = sorted({getattr(n, "pk", n) for n in nominations})
        locked = list(
            Nomination.objects.select_for_update().filter(pk__in=ids).select_related("honour")
        )
        if not locked:
            raise TransitionError(_("Nothing changed: no nomination was chosen."))
        for nomination in locked:
            require_unit(actor, nomination.proposing_unit_id)
            if nomination.status != S.APPROVED or nomination.proposal_id:
                _refuse(nomination, _("propose"))
            if nomination.honour.conferring_level != ConferringLevel.HIGHER:
                raise TransitionError(
                    _("%(honour)s is conferred by this agency: draft a decision instead.")
                    % {"honour": nomination.honour}
                )
            nomination.proposal = proposal
        _refuse_duplicates(locked)
        Nomination.objects.bulk_update(locked, ["proposal"])
        audit(actor, proposal, "drafted", "", proposal.status, count=len(locked)).save()
    return proposal


def issue_proposal(actor, proposal):
    """Send the proposal: it takes its number, and its nominations await the outcome."""
    require_role(actor, *MANAGERS)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        require_unit(actor, proposal.issuer_unit_id)
        _issue(actor, proposal, Proposal.SERIES)
        _move(
            actor,
            list(proposal.nominations.all()),
            (S.APPROVED,),
            S.PROPOSED,
            "proposed",
            _("propose"),
            proposal.number,
        )
    return proposal


def record_outcome(actor, proposal, nominations, conferred, number="", date=None, issuer=""):
    """The higher authority's answer for some of the proposal's nominations: conferred by its
    decision `number` of `date` (written to the ledger), or declined."""
    require_role(actor, *MANAGERS)
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        require_unit(actor, proposal.issuer_unit_id)
        if proposal.status != DocumentStatus.ISSUED:
            raise TransitionError(_("The proposal has not been sent yet."))
        ids = {getattr(n, "pk", n) for n in nominations}
        if not ids or not ids <= set(proposal.nominations.values_list("pk", flat=True)):
            raise TransitionError(_("Choose nominations of this proposal."))
        if not conferred:
            return _move(actor, ids, (S.PROPOSED,), S.DECLINED, "declined", _("decline"), number)
        if not number.strip() or date is None:
            raise TransitionError(_("Give the number and date of the higher authority's decision."))

        def stamp(nomination):
            nomination.higher_decision_number = number.strip()
            nomination.higher_decision_date = date

        pending = list(Nomination.objects.select_for_update().filter(pk__in=ids))
        for nomination in pending:
            if nomination.status != S.PROPOSED:
                _refuse(nomination, _("record the outcome"))
        return _write_ledger(
            actor,
            pending,
            number.strip(),
            date,
            issuer or proposal.addressee,
            "conferred",
            _("confer"),
            stamp,
        )


def discard_draft(actor, document):
    """Delete a draft decision or proposal: its nominations go back to approved, its pending
    revocations disappear. An issued document never goes."""
    require_role(actor, *MANAGERS)
    with transaction.atomic():
        document = type(document).objects.select_for_update().get(pk=document.pk)
        require_unit(actor, document.issuer_unit_id)
        if document.status != DocumentStatus.DRAFT:
            raise TransitionError(_("Nothing changed: the document is already issued."))
        nominations = list(document.nominations.all())
        if isinstance(document, Decision):

            def detach(nomination):
                nomination.decision = None

            if nominations:
                _move(
                    actor,
                    nominations,
                    (S.IN_DECISION,),
                    S.APPROVED,
                    "draft_discarded",
                    _("discard the draft"),
                    document.subject,
                    detach,
                )
            document.revocations.all().delete()
        else:
            for nomination in nominations:
                nomination.proposal = None
            Nomination.objects.bulk_update(nominations, ["proposal"])
        audit(actor, document, "discarded", document.status, "").save()
        document.delete()


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
