"""What the standing office must justify in writing when it screens nominations (issue 6): a
recipient the eligibility engine finds not eligible, or a nomination that takes its unit past the
quota of the rule set. "Needs information" is shown, never blocks; so does a quota whose base is
not known yet (no holder of the base title recorded or proposed for the year)."""

from collections import defaultdict

from django.utils.translation import gettext as _

from awards import eligibility
from awards.models import Nomination, NominationStatus
from records.models import RecipientType, Unit

S = NominationStatus
# Nominations that count against a quota besides the ledger: on their way to a decision.
COUNTED = (S.SCREENED, S.IN_SESSION, S.APPROVED, S.IN_DECISION, S.PROPOSED)


def recipient_id(nomination):
    individual = nomination.recipient_type == RecipientType.INDIVIDUAL
    return nomination.person_id if individual else nomination.unit_id


def results(nominations):
    """{nomination pk: eligibility Result} for the nominations whose honour has checkable rules;
    a fixed number of queries per (year, honour)."""
    groups = defaultdict(list)
    for nomination in nominations:
        groups[nomination.year, nomination.honour.code].append(nomination)
    found = {}
    for (year, code), members in groups.items():
        try:
            by_recipient = eligibility.check_recipients(
                year, code, [recipient_id(n) for n in members]
            )
        except eligibility.EligibilityError:
            continue
        for nomination in members:
            found[nomination.pk] = by_recipient[recipient_id(nomination)]
    return found


def proposed_for(year, unit_ids, exclude=()):
    """{honour code: recipient ids} of the year's nominations under way in the units."""
    rows = (
        Nomination.objects.filter(year=year, status__in=COUNTED, unit_id__in=unit_ids)
        .exclude(pk__in=exclude)
        .values_list("honour__code", "recipient_type", "person_id", "unit_id")
    )
    proposed = defaultdict(set)
    for code, kind, person_id, unit_id in rows:
        proposed[code].add(person_id if kind == RecipientType.INDIVIDUAL else unit_id)
    return proposed


def quota_for(year, unit, code, exclude=()):
    """The quota of `code` for `unit`'s subtree, counting the nominations under way; None when
    the rule set has none."""
    try:
        rules = eligibility.rules_for(year)
    except eligibility.EligibilityError:
        return None
    if rules.quota_percent.get(code) is None:
        return None
    unit_ids = Unit.objects.subtree_ids([unit])
    return eligibility.quota(year, unit, code, proposed_for(year, unit_ids, exclude))


def concerns(nominations):
    """{nomination pk: [what needs a justification]} for screened nominations (already counted
    among those under way)."""
    found = defaultdict(list)
    for pk, result in results(nominations).items():
        if result.status == eligibility.Status.NOT_ELIGIBLE:
            reasons = "; ".join(str(reason) for reason in result.missing)
            found[pk].append(_("not eligible: %(reasons)s") % {"reasons": reasons})
    quotas = {}
    for nomination in nominations:
        key = (nomination.year, nomination.proposing_unit_id, nomination.honour.code)
        if key not in quotas:
            quotas[key] = quota_for(nomination.year, nomination.proposing_unit, key[2])
        meter = quotas[key]
        if meter is not None and meter.base_count and meter.exceeded:
            found[nomination.pk].append(
                _("beyond the quota: %(used)s of %(limit)s %(code)s allowed")
                % {
                    "used": meter.used,
                    "limit": meter.limit,
                    "code": meter.honour,
                }
            )
    return dict(found)


def meters(unit, year):
    """The quotas of the rule set for `unit`'s subtree in `year` (held and under way), for the
    nomination list: 3 queries + 4 per honour with a quota (two in the rule sets shipped)."""
    if unit is None:
        return []
    try:
        rules = eligibility.rules_for(year)
    except eligibility.EligibilityError:
        return []
    codes = [code for code, percent in rules.quota_percent.items() if percent is not None]
    proposed = proposed_for(year, Unit.objects.subtree_ids([unit]))
    return [eligibility.quota(year, unit, code, proposed) for code in sorted(codes)]
