"""Every state change of a nomination, a session, a decision or a proposal.

Each service checks who may act, locks the rows it changes (`select_for_update` inside
`transaction.atomic`), refuses a conflicting or repeated step with `TransitionError` (nothing
changes), and writes an `AuditEvent` per nomination in the same transaction. Services take many
nominations at once, so bulk creation (from registrations, from a cluster's ranking, the demo) is
a thin layer over `create_nominations`.

The package holds one module per concept: `common` (the refusal, checks, audit row, mover),
`nominations`, `sessions` (agenda, ballots, digests), `documents` (decisions, proposals, the
ledger) and `from_work` (nominations from registrations and cluster rankings). Callers import
`from awards import services` and use `services.<name>`: the names are re-exported here.
"""

from awards.services.common import (
    MANAGERS,
    PROPOSERS,
    SESSION_LEADERS,
    TransitionError,
    audit,
    require_role,
    require_unit,
    timeline,
)
from awards.services.documents import (
    discard_draft,
    draft_correction,
    draft_decision,
    draft_proposal,
    issue_decision,
    issue_proposal,
    next_number,
    record_outcome,
)
from awards.services.from_work import (
    create_flag_nomination,
    create_from_registrations,
    flag_proposals_visible_to,
    registration_candidates,
)
from awards.services.nominations import (
    MAX_FILE_SIZE,
    NominationData,
    add_dossier_file,
    check_upload,
    create_nomination,
    create_nominations,
    return_for_information,
    submit,
    update_nomination,
    withdraw,
)
from awards.services.sessions import (
    ALREADY_VOTED,
    CHOICES,
    ballot_items,
    cast_ballot,
    close_session,
    compute_digest,
    create_session,
    digest_payload,
    eligible_voters,
    has_voted,
    leads,
    open_session,
    put_on_agenda,
    record_paper_tally,
    rule_for,
    rules_for_year,
    set_attendance,
    verify_digest,
    verify_session_digests,
    voter_attendance,
)

__all__ = [
    "MANAGERS",
    "PROPOSERS",
    "SESSION_LEADERS",
    "CHOICES",
    "TransitionError",
    "require_role",
    "require_unit",
    "audit",
    "timeline",
    "NominationData",
    "create_nominations",
    "create_nomination",
    "update_nomination",
    "MAX_FILE_SIZE",
    "check_upload",
    "add_dossier_file",
    "submit",
    "withdraw",
    "return_for_information",
    "put_on_agenda",
    "create_session",
    "set_attendance",
    "open_session",
    "leads",
    "rule_for",
    "rules_for_year",
    "ballot_items",
    "voter_attendance",
    "ALREADY_VOTED",
    "has_voted",
    "cast_ballot",
    "eligible_voters",
    "record_paper_tally",
    "close_session",
    "digest_payload",
    "compute_digest",
    "verify_digest",
    "verify_session_digests",
    "next_number",
    "draft_decision",
    "draft_correction",
    "issue_decision",
    "draft_proposal",
    "issue_proposal",
    "record_outcome",
    "discard_draft",
    "registration_candidates",
    "create_from_registrations",
    "flag_proposals_visible_to",
    "create_flag_nomination",
]
