"""How many of an honour a unit may confer in a year (the rule set's quota), and how many it
has used."""

from dataclasses import dataclass
from decimal import Decimal

from awards.eligibility.checks import CHECKS
from awards.eligibility.facts import rules_for
from records.models import Conferral, RecipientType, Unit


@dataclass
class Quota:
    """How many of an honour a unit may confer in a year, and how many it has used."""

    honour: str
    base_honour: str
    base_count: int
    percent: Decimal
    limit: int
    used: int

    @property
    def exceeded(self):
        return self.used > self.limit

    @property
    def remaining(self):
        return self.limit - self.used


def quota(year, unit, honour_code, proposed=None):
    """The quota of `honour_code` for `unit`'s subtree in `year`, or None when the rule set sets
    none: at most `quota_percent` of the recipients of the base honour (criteria `quota_base`),
    at least `quota_minimum`. Held (ledger) and `proposed` recipients both count, once each;
    `proposed` maps an honour code to recipient ids (people, or units for collective honours).
    Four queries."""
    rules = rules_for(year)
    criteria = rules.of(honour_code)
    percent = rules.quota_percent.get(honour_code)
    if percent is None:
        return None
    base = criteria["quota_base"]
    collective = CHECKS[honour_code].collective
    unit_ids = Unit.objects.subtree_ids([unit])
    ledger = Conferral.objects.filter(year=year, honour__code__in=[honour_code, base])
    if collective:
        rows = ledger.filter(recipient_type=RecipientType.COLLECTIVE, unit_id__in=unit_ids)
        rows = rows.values_list("honour__code", "unit_id")
    else:
        rows = ledger.filter(
            recipient_type=RecipientType.INDIVIDUAL, person__unit_id__in=unit_ids
        ).values_list("honour__code", "person_id")
    holders = {honour_code: set(), base: set()}
    for code, recipient_id in rows:
        holders[code].add(recipient_id)
    for code, ids in (proposed or {}).items():
        if code in holders:
            holders[code].update(ids)
    base_count = len(holders[base])
    limit = int(base_count * Decimal(percent) / 100)
    limit = min(base_count, max(limit, criteria.get("quota_minimum", 0)))
    return Quota(honour_code, base, base_count, Decimal(percent), limit, len(holders[honour_code]))
