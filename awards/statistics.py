"""The official statistics forms of Thông tư 02/2023/TT-BNV (DOMAIN §7) for a unit's subtree and
a year, each built from one aggregate query (plus the catalogue for the rows of the honours):

- 0601.N: emulation campaigns launched by the subtree's units in the year, by organising level
  (rows), scope and duration (columns);
- 0602.N: state-level honours (orders, national fighter, Prime Minister's certificate, government
  flag) by honour (rows), collective / individual, the individuals' recipient category
  (`Person.leadership`) and the method (columns);
- 0603.N: ministry / province-level honours (certificates of merit, sector fighter, excellent
  collective, sector flag, commemorative medal) with the same columns.

Honours are counted as conferrals of the active ledger, like the yearly summary."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from awards.ledger import active_conferrals
from emulation.models import Campaign, CampaignScope, Duration, OrganisingLevel
from records.models import Conferral, Honour, Leadership, Method, RecipientType, Unit

STATE_HONOURS = ["HCLD1", "HCLD2", "HCLD3", "CSTDTQ", "BKTTG", "CTDCP"]
SECTOR_HONOURS = ["CSTDN", "TTLDXS", "CTDN", "BKN", "BKT", "KNC"]

FORMS = {
    "0601": _("Emulation campaigns by organising level, scope and duration"),
    "0602": _("State-level honours by recipient category and method"),
    "0603": _("Ministry, sector and province-level honours by recipient category and method"),
}


@dataclass
class Row:
    """One row of a form: its label and one number per column."""

    label: str
    values: list


@dataclass
class StatisticsForm:
    """One filled form: column groups (label, [column labels]) and rows of numbers."""

    code: str
    year: int
    unit: Unit
    groups: list
    rows: list = field(default_factory=list)

    @property
    def title(self):
        return FORMS[self.code]

    @property
    def number(self):
        return f"{self.code}.N"

    @property
    def columns(self):
        return [column for _label, columns in self.groups for column in columns]

    @property
    def totals(self):
        return [sum(values) for values in zip(*(row.values for row in self.rows), strict=True)]

    def table(self):
        """Header and rows for XLSX, the total last."""
        header = [
            _("Row"),
            *(f"{group} — {column}" for group, columns in self.groups for column in columns),
        ]
        rows = [[row.label, *row.values] for row in self.rows]
        return header, [*rows, [_("Grand total"), *self.totals]]


def campaigns_0601(unit, year):
    unit_ids = Unit.objects.subtree_ids([unit])
    counts = Campaign.objects.filter(launching_unit_id__in=unit_ids).statistics_0601(year)
    scopes, durations = CampaignScope.values, Duration.values
    rows = []
    for level, label in OrganisingLevel.choices:
        mine = {key: n for key, n in counts.items() if key[0] == level}
        rows.append(
            Row(
                str(label),
                [
                    sum(mine.values()),
                    *(sum(n for key, n in mine.items() if key[1] == s) for s in scopes),
                    *(sum(n for key, n in mine.items() if key[2] == d) for d in durations),
                ],
            )
        )
    groups = [
        (_("Campaigns"), [_("Grand total")]),
        (_("By scope"), [label for _value, label in CampaignScope.choices]),
        (_("By duration"), [label for _value, label in Duration.choices]),
    ]
    return StatisticsForm("0601", year, unit, groups, rows)


def honours_form(code, unit, year):
    """Form 0602.N or 0603.N: one row per honour of the form, even when nothing was conferred."""
    codes = STATE_HONOURS if code == "0602" else SECTOR_HONOURS
    unit_ids = Unit.objects.subtree_ids([unit])
    counts = {}
    rows = (
        active_conferrals(
            Conferral.objects.filter(year=year, unit_id__in=unit_ids, honour__code__in=codes)
        )
        .values_list("honour__code", "recipient_type", "person__leadership", "method")
        .annotate(count=Count("id"))
        .order_by()
    )
    for honour, recipient_type, leadership, method, count in rows:
        counts[(honour, recipient_type, leadership, method)] = count
    leaderships, methods = Leadership.values, Method.values
    table = []
    for honour in Honour.objects.filter(code__in=codes):
        mine = {key[1:]: n for key, n in counts.items() if key[0] == honour.code}
        individuals = {k: n for k, n in mine.items() if k[0] == RecipientType.INDIVIDUAL}
        table.append(
            Row(
                f"{honour.code} — {honour.name}",
                [
                    sum(mine.values()),
                    sum(n for k, n in mine.items() if k[0] == RecipientType.COLLECTIVE),
                    sum(individuals.values()),
                    *(sum(n for k, n in individuals.items() if k[1] == c) for c in leaderships),
                    *(sum(n for k, n in mine.items() if k[2] == m) for m in methods),
                ],
            )
        )
    groups = [
        (_("Conferrals"), [_("Grand total"), _("Collectives"), _("Individuals")]),
        (_("Individuals by recipient category"), [label for _v, label in Leadership.choices]),
        (_("By method"), [label for _v, label in Method.choices]),
    ]
    return StatisticsForm(code, year, unit, groups, table)


def build(code, unit, year):
    if code == "0601":
        return campaigns_0601(unit, year)
    return honours_form(code, unit, year)


def to_xlsx(form):
    from awards.report_output import xlsx_bytes

    header, rows = form.table()
    return xlsx_bytes([(form.number, header, rows)])
