"""Numbers, decisions (and corrections), proposals to the higher authority, their outcome,
and the ledger rows they write."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import (
    Decision,
    DecisionKind,
    DocumentStatus,
    Nomination,
    NumberCounter,
    Proposal,
    Revocation,
)
from awards.services.common import (
    MANAGERS,
    S,
    TransitionError,
    _move,
    _refuse,
    audit,
    require_role,
    require_unit,
)
from records.models import Conferral, ConferralSource, ConferringLevel, Method

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
