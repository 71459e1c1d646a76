"""Whole subtrees, chosen recipients and one person's outlook checked at once; the report of
`manage.py eligibility`, its workbook, and the list of people due the commemorative medal."""

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from django.utils.translation import gettext as _

from awards.eligibility.checks import CHECKS, Checker
from awards.eligibility.facts import EligibilityError, Reads, gather, rules_for
from awards.eligibility.logic import (
    Result,
    Status,
    reference_date,
    service_reached_on,
    with_criteria,
)
from records.models import Unit

# --- Whole subtrees, reports, quotas -------------------------------------------------------


def reads_of(rules, codes):
    """What the checks of `codes` read, with the checks they require, transitively. A check
    without a rule reads nothing: it is refused when evaluated."""
    total, seen, pending = Reads(), set(), list(codes)
    while pending:
        code = pending.pop()
        if code in seen or code not in CHECKS or code not in rules.criteria:
            continue
        seen.add(code)
        reads = with_criteria(rules, code, CHECKS[code].reads)
        total |= reads
        pending.extend(reads.requires)
    return total


@dataclass
class Entry:
    """One line of an eligibility report: a recipient, an honour, the result."""

    recipient: str
    name: str
    unit: str
    honour: str
    result: Result

    def as_json(self):
        return {
            "recipient": self.recipient,
            "honour": self.honour,
            "status": str(self.result.status.value),
            "reasons": [str(reason) for reason in self.result.reasons],
        }


def recipients(facts, collective):
    """The people of the facts, or the units that exist at the end of the assessed year (units
    merged away before then are represented by their successor), in a stable order."""
    if collective:
        year_end = date(facts.year, 12, 31)
        units = [unit for unit in facts.units.values() if unit.active_at(year_end)]
        return [
            (unit.id, unit.code, unit.name, unit.code)
            for unit in sorted(units, key=lambda u: u.code)
        ]
    rows = []
    for person in facts.people.values():
        unit_code = facts.units[person.unit_id].code
        rows.append((person.id, person.staff_code, person.full_name, unit_code))
    return sorted(rows, key=lambda row: (row[3], row[1]))


def checkable_codes(rules, codes=None):
    known = [code for code in CHECKS if code in rules.criteria]
    if codes is None:
        return known
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise EligibilityError(
            _("No checkable rules for the honour %(code)s.") % {"code": ", ".join(unknown)}
        )
    return list(codes)


def run_checks(facts, rules, codes):
    checker = Checker(facts, rules)
    entries = []
    for code in codes:
        collective = CHECKS[code].collective
        for recipient_id, recipient, name, unit_code in recipients(facts, collective):
            result = checker.evaluate(code, recipient_id)
            entries.append(Entry(recipient, name, unit_code, code, result))
    return entries


def check_unit(year, unit, codes=None):
    """Entries for every person (or unit, for collective honours) of `unit`'s subtree, for the
    honours `codes` (every checkable honour by default). A fixed number of queries:
    2 (rule set) + 1 (subtree) + 8 (facts)."""
    rules = rules_for(year)
    codes = checkable_codes(rules, codes)
    unit_ids = Unit.objects.subtree_ids([unit])
    facts = gather(year, reads_of(rules, codes), unit_ids=unit_ids)
    return run_checks(facts, rules, codes)


def outlook(person, year):
    """What `person` still lacks for each individual honour of the year after `year`."""
    target = year + 1
    rules = rules_for(target)
    codes = [code for code in checkable_codes(rules) if not CHECKS[code].collective]
    facts = gather(target, reads_of(rules, codes), person_ids=[person.pk])
    return run_checks(facts, rules, codes)


def check_recipients(year, honour_code, recipients):
    """{recipient id: Result} for chosen people (individual honour) or units (collective
    honour), e.g. the nominations of a list or a screening page: a fixed number of queries."""
    rules = rules_for(year)
    (code,) = checkable_codes(rules, [honour_code])
    ids = [getattr(recipient, "pk", recipient) for recipient in recipients]
    reads = reads_of(rules, [code])
    if CHECKS[code].collective:
        # The units' own people and those of their departments and merged units.
        scope = Unit.objects.subtree_ids(ids)
        facts = gather(year, reads, unit_ids=scope)
    else:
        facts = gather(year, reads, person_ids=ids)
    checker = Checker(facts, rules)
    return {recipient_id: checker.evaluate(code, recipient_id) for recipient_id in ids}


def find_unit(unit_code):
    try:
        return Unit.objects.get(code=unit_code)
    except Unit.DoesNotExist:
        raise EligibilityError(_("Unknown unit %(code)s.") % {"code": unit_code}) from None


def report(year, unit_code, honour_code=None):
    """The `manage.py eligibility` answer: a list of
    `{"recipient", "honour", "status", "reasons"}` for the subtree of the unit `unit_code`."""
    codes = None if honour_code is None else [honour_code]
    entries = check_unit(year, find_unit(unit_code), codes)
    return [entry.as_json() for entry in entries]


def to_xlsx(entries):
    """An .xlsx workbook of the entries (or of `report()` rows), one line each, with filters."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from records.exports import safe_row

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Eligibility")[:31]
    headers = [_("Recipient"), _("Name"), _("Unit"), _("Honour"), _("Status"), _("Reasons")]
    sheet.append(headers)
    for entry in entries:
        row = (
            entry
            if isinstance(entry, dict)
            else {**entry.as_json(), "name": entry.name, "unit": entry.unit}
        )
        sheet.append(
            safe_row(
                [
                    row["recipient"],
                    row.get("name", ""),
                    row.get("unit", ""),
                    row["honour"],
                    str(Status(row["status"]).label),
                    "\n".join(row["reasons"]),
                ]
            )
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (14, 30, 12, 10, 18, 100), strict=True):
        sheet.column_dimensions[column].width = width
    for (cell,) in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def knc_list(year, unit):
    """People of `unit`'s subtree who complete the required service by the reference day of
    `year` (time under discipline excluded) and do not hold the medal yet: dicts with the
    person's staff code, name, unit, date of joining the sector and the day service is
    completed, in unit then staff-code order."""
    rules = rules_for(year)
    criteria = rules.of("KNC")
    unit_ids = Unit.objects.subtree_ids([unit])
    facts = gather(year, reads_of(rules, ["KNC"]), unit_ids=unit_ids)
    checker = Checker(facts, rules)
    reference = reference_date(criteria, year)
    rows = []
    for person_id, staff_code, name, unit_code in recipients(facts, collective=False):
        person = facts.people[person_id]
        if person.sector_start_date is None or facts.years_held(person_id, "KNC"):
            continue
        if checker.service(person_id, criteria)[0]:
            rows.append(
                {
                    "staff_code": staff_code,
                    "full_name": name,
                    "unit": unit_code,
                    "sector_start_date": person.sector_start_date,
                    "completed_on": service_reached_on(
                        person, facts.discipline[person_id], criteria, reference
                    ),
                }
            )
    return rows
