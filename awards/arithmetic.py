"""How a council result is computed, and how it is told. The result keeps the numbers (stored
with the agenda item); the sentence is written when shown, in the reader's language and number
format, e.g. "9 / 11 members = 81.8 % ≥ 80 % of all members → approved"."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from awards.models import Outcome
from records.models import VoteBase


def percent(part, whole):
    if not whole:
        return Decimal(0)
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def plain(number):
    """80.00 → "80", 66.67 → "66.67"."""
    return format(Decimal(number).normalize(), "f")


@dataclass
class Result:
    """The outcome of one agenda item and the numbers that led to it."""

    outcome: str
    calculation: dict

    @property
    def text(self):
        return describe(self.calculation)


def evaluate(approve, members, present, recused, rule):
    """Quorum (of all members), then approvals against the threshold of the rule's base. Exact
    comparison: approve × 100 ≥ threshold × base, never a rounded percentage."""
    if Decimal(present) * 100 < Decimal(rule.quorum) * members:
        return Result(
            Outcome.DEFERRED,
            {
                "kind": "quorum",
                "present": present,
                "members": members,
                "pct": str(percent(present, members)),
                "quorum": plain(rule.quorum),
            },
        )
    all_base = rule.vote_base == VoteBase.ALL_MEMBERS
    base = (members if all_base else present) - recused
    approved = base > 0 and Decimal(approve) * 100 >= Decimal(rule.vote_threshold) * base
    return Result(
        Outcome.APPROVED if approved else Outcome.NOT_APPROVED,
        {
            "kind": rule.vote_base,
            "approve": approve,
            "base": base,
            "pct": str(percent(approve, base)),
            "threshold": plain(rule.vote_threshold),
            "approved": approved,
        },
    )


def deferred():
    return Result(Outcome.DEFERRED, {"kind": "deferred"})


def _number(value):
    return number_format(Decimal(value))


def describe(calculation):
    kind = calculation.get("kind")
    if kind is None:
        return ""
    if kind == "deferred":
        return _("Deferred for more information.")
    if kind == "quorum":
        return _(
            "Quorum not met: %(present)s / %(members)s members present = %(pct)s %% < %(q)s %%"
        ) % {
            "present": calculation["present"],
            "members": calculation["members"],
            "pct": _number(calculation["pct"]),
            "q": _number(calculation["quorum"]),
        }
    params = {
        "approve": calculation["approve"],
        "base": calculation["base"],
        "pct": _number(calculation["pct"]),
        "sign": "≥" if calculation["approved"] else "<",
        "threshold": _number(calculation["threshold"]),
        "outcome": Outcome.APPROVED.label
        if calculation["approved"]
        else Outcome.NOT_APPROVED.label,
    }
    if kind == VoteBase.ALL_MEMBERS:
        text = _(
            "%(approve)s / %(base)s members = %(pct)s %% %(sign)s %(threshold)s %% of all members "
            "→ %(outcome)s"
        )
    else:
        text = _(
            "%(approve)s / %(base)s members present = %(pct)s %% %(sign)s %(threshold)s %% of "
            "members present → %(outcome)s"
        )
    return text % params
