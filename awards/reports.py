"""Reports read from the ledger: the yearly award summary of a unit (báo cáo tổng hợp khen thưởng
năm) and the look-up (tra cứu) of a person's or a unit's honours over the years.

What is counted: **conferrals**, i.e. rows of the active ledger (`awards.ledger`: revoked rows
left out), as the source article counts them ("17 tập thể, 38 cá nhân được … tặng Bằng khen").
A person who received the same honour twice in one line (two decisions) counts twice; a person
honoured in two campaigns counts once in each campaign's line. Initiatives count distinct
initiatives and distinct authors and co-authors per level; an initiative recognised at sector
level keeps its grassroots recognition, and each level is counted on its own.

Each block is one aggregate query over the whole subtree, whatever its size."""

import re
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, Q, Value, When
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from awards.ledger import active_conferrals
from initiatives.models import LEVEL_RANK, Level, Recognition
from records.models import Conferral, Method, RecipientType, Unit


@dataclass
class Line:
    """One line of the summary: an honour conferred by one method (and for a thematic award, in
    one campaign), with the numbers of collectives and individuals."""

    honour: str
    honour_name: str
    method: str
    campaign: str
    collectives: int
    individuals: int

    @property
    def method_label(self):
        return Method(self.method).label

    @property
    def total(self):
        return self.collectives + self.individuals


@dataclass
class InitiativeLine:
    """Initiatives recognised at one level in the year, and their distinct authors."""

    level: str
    initiatives: int
    authors: int

    @property
    def level_label(self):
        return Level(self.level).label


@dataclass
class Summary:
    """The yearly award summary of `unit` (its whole subtree) for `year`."""

    year: int
    unit: Unit
    lines: list = field(default_factory=list)
    initiatives: list = field(default_factory=list)

    @property
    def collectives(self):
        return sum(line.collectives for line in self.lines)

    @property
    def individuals(self):
        return sum(line.individuals for line in self.lines)

    def as_dict(self):
        """The interchange shape of `award_summary --format json`."""
        return {
            "year": self.year,
            "unit": self.unit.code,
            "lines": [
                {
                    "honour": line.honour,
                    "method": line.method,
                    "campaign": line.campaign,
                    "collectives": line.collectives,
                    "individuals": line.individuals,
                }
                for line in self.lines
            ],
            "initiatives": [
                {"level": item.level, "initiatives": item.initiatives, "authors": item.authors}
                for item in self.initiatives
            ],
        }

    def table(self):
        """Header and rows for CSV and XLSX."""
        header = [
            _("Honour code"),
            _("Honour"),
            _("Method"),
            _("Campaign"),
            _("Collectives"),
            _("Individuals"),
        ]
        rows = [
            [
                line.honour,
                line.honour_name,
                line.method_label,
                line.campaign,
                line.collectives,
                line.individuals,
            ]
            for line in self.lines
        ]
        return header, rows

    def paragraph(self):
        """The summary as the source article words it, always in Vietnamese (official text)."""
        with translation.override("vi"):
            parts = [_line_phrase(line) for line in self.lines]
            text = _("In %(year)s, %(unit)s had: %(lines)s.") % {
                "year": self.year,
                "unit": self.unit.name,
                "lines": "; ".join(parts) if parts else _("no honour recorded"),
            }
            if self.initiatives:
                items = "; ".join(
                    _("%(initiatives)s by %(authors)s")
                    % {
                        "initiatives": ngettext(
                            "%(count)s initiative at %(level)s",
                            "%(count)s initiatives at %(level)s",
                            item.initiatives,
                        )
                        % {"count": item.initiatives, "level": str(item.level_label).lower()},
                        "authors": ngettext(
                            "%(count)s author or co-author",
                            "%(count)s authors and co-authors",
                            item.authors,
                        )
                        % {"count": item.authors},
                    }
                    for item in self.initiatives
                )
                text += " " + _("Initiatives recognised: %(items)s.") % {"items": items}
            return text


# "Bằng khen của Viện trưởng VKSND tối cao" → given by "Viện trưởng VKSND tối cao".
GIVER = re.compile(r"^(?P<form>Bằng khen|Giấy khen|Cờ thi đua) của (?P<giver>.+)$")


def _counts(line):
    parts = []
    if line.collectives:
        parts.append(
            ngettext("%(count)s collective", "%(count)s collectives", line.collectives)
            % {"count": line.collectives}
        )
    if line.individuals:
        parts.append(
            ngettext("%(count)s individual", "%(count)s individuals", line.individuals)
            % {"count": line.individuals}
        )
    return ", ".join(parts)


def _line_phrase(line):
    who = _counts(line)
    if line.method == Method.THEMATIC and line.campaign:
        campaign = line.campaign
        if campaign.lower().startswith(("các phong trào", "phong trào")):
            campaign = campaign[0].lower() + campaign[1:]
        else:
            campaign = _("the campaign “%(name)s”") % {"name": campaign}
        return _("%(who)s with excellent achievements in %(campaign)s received the %(honour)s") % {
            "who": who,
            "campaign": campaign,
            "honour": line.honour_name,
        }
    giver = GIVER.match(line.honour_name)
    if giver:
        return _("%(who)s were given the %(form)s by %(giver)s") % {
            "who": who,
            "form": giver["form"],
            "giver": giver["giver"],
        }
    return _("%(who)s were given the %(honour)s") % {"who": who, "honour": line.honour_name}


def summary(unit, year):
    """The yearly summary of `unit`'s subtree (units merged into it included) for `year`: two
    aggregate queries plus the subtree's one, whatever the number of units and people."""
    unit_ids = Unit.objects.subtree_ids([unit])
    return Summary(
        year=year,
        unit=unit,
        lines=honour_lines(unit_ids, year),
        initiatives=initiative_lines(unit_ids, year),
    )


def honour_lines(unit_ids, year):
    rows = (
        active_conferrals(Conferral.objects.filter(year=year, unit_id__in=unit_ids))
        # Only thematic awards are listed by campaign.
        .annotate(
            line_campaign=Case(When(method=Method.THEMATIC, then=F("campaign")), default=Value(""))
        )
        .values("honour__code", "honour__name", "honour__rank", "method", "line_campaign")
        .annotate(
            collectives=Count("id", filter=Q(recipient_type=RecipientType.COLLECTIVE)),
            individuals=Count("id", filter=Q(recipient_type=RecipientType.INDIVIDUAL)),
        )
        .order_by("honour__rank", "honour__code", "method", "line_campaign")
    )
    return [
        Line(
            honour=row["honour__code"],
            honour_name=row["honour__name"],
            method=row["method"],
            campaign=row["line_campaign"],
            collectives=row["collectives"],
            individuals=row["individuals"],
        )
        for row in rows
        if row["collectives"] or row["individuals"]
    ]


def initiative_lines(unit_ids, year):
    rows = Recognition.objects.in_units(unit_ids).filter(year=year).counts()
    lines = [
        InitiativeLine(level=row["level"], initiatives=row["initiatives"], authors=row["authors"])
        for row in rows
    ]
    return sorted(lines, key=lambda line: (-LEVEL_RANK[line.level], line.level))


def summary_xlsx(summary):
    """The summary as a workbook: the honour lines, then the initiatives."""
    from awards.report_output import xlsx_bytes

    header, rows = summary.table()
    initiatives = [
        [item.level_label, item.initiatives, item.authors] for item in summary.initiatives
    ]
    return xlsx_bytes(
        [
            (_("Honours %(year)s") % {"year": summary.year}, header, rows),
            (
                _("Initiatives"),
                [_("Recognition level"), _("Initiatives"), _("Authors and co-authors")],
                initiatives,
            ),
        ]
    )


# --- Look-up (tra cứu) ------------------------------------------------------------------------

LOOKUP_LIMIT = 50


def find(user, text):
    """People and units matching `text` (diacritics and case ignored) within `user`'s scope:
    one query for the people, one for the units (folded in Python: a unit tree is small)."""
    from records.models import Person
    from records.text import fold

    if not fold(text):
        return [], []
    people = list(Person.objects.visible_to(user).for_list().search(text)[:LOOKUP_LIMIT])
    words = fold(text).split()
    units = [
        unit
        for unit in Unit.objects.visible_to(user).only("id", "code", "name")
        if all(word in fold(f"{unit.name} {unit.code}") for word in words)
    ][:LOOKUP_LIMIT]
    return people, units


def history(conferrals):
    """The active ledger rows of a person or a unit, the most recent year first."""
    return list(
        active_conferrals(conferrals)
        .select_related("honour", "unit")
        .order_by("-year", "honour__rank", "decision_date", "id")
    )
