"""The conditions on a unit: its rating, its members' titles, ratings and discipline, and its
place in its emulation cluster (a mixin of `Checker`)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from awards.eligibility.logic import at_least, enough, rating_label
from records.models import DisciplineLevel


class UnitConditions:
    """Conditions on a unit, read from `self.facts` for the assessed `self.year`."""

    def unit_rating(self, unit_id, minimum):
        rating = self.facts.unit_ratings.get((unit_id, self.year))
        if rating is None:
            return None, _("no rating of the unit recorded for %(year)s") % {"year": self.year}
        return at_least(rating, minimum), _(
            "unit rating %(year)s: “%(rating)s”; at least “%(required)s” required"
        ) % {"year": self.year, "rating": rating_label(rating), "required": rating_label(minimum)}

    def members_with_title(self, unit_id, code, percent, strictly_more):
        members = self.facts.members.get(unit_id, [])
        if not members:
            return None, _("no members recorded in the unit")
        states = [self.title_state(pid, code, self.year) for pid in members]
        found, unknown, total = states.count(True), states.count(None), len(members)

        def reaches(count):
            share = Decimal(count * 100) / total
            return share > Decimal(percent) if strictly_more else share >= Decimal(percent)

        met = True if reaches(found) else (None if reaches(found + unknown) else False)
        values = {
            "code": code,
            "year": self.year,
            "found": found,
            "total": total,
            "share": round(found * 100 / total),
            "percent": percent,
            "unknown": unknown,
        }
        text = (
            _(
                "members with %(code)s %(year)s: %(found)s of %(total)s (%(share)s %%); more "
                "than %(percent)s %% required"
            )
            if strictly_more
            else _(
                "members with %(code)s %(year)s: %(found)s of %(total)s (%(share)s %%); at "
                "least %(percent)s %% required"
            )
        ) % values
        if unknown:
            text += "; " + _("%(unknown)s members cannot be checked yet") % values
        return met, text

    def members_count_with(self, unit_id, code, needed):
        states = [self.title_state(pid, code, self.year) for pid in self.facts.members[unit_id]]
        found = states.count(True)
        return enough(found, states.count(None), needed), _(
            "members with %(code)s %(year)s: %(found)s; at least %(count)s required"
        ) % {"code": code, "year": self.year, "found": found, "count": needed}

    def member_codes(self, person_ids, shown=10):
        codes = ", ".join(self.facts.people[pid].staff_code for pid in person_ids[:shown])
        if len(person_ids) > shown:
            codes += " " + _("and %(count)s more") % {"count": len(person_ids) - shown}
        return codes

    def members_rated(self, unit_id, minimum):
        members = self.facts.members.get(unit_id, [])
        ratings = {pid: self.facts.ratings.get((pid, self.year)) for pid in members}
        below = [pid for pid, rating in ratings.items() if rating and not at_least(rating, minimum)]
        unknown = [pid for pid, rating in ratings.items() if rating is None]
        values = {"year": self.year, "required": rating_label(minimum)}
        if below:
            return False, _("members rated below “%(required)s” in %(year)s: %(people)s") % {
                **values,
                "people": self.member_codes(below),
            }
        if unknown:
            return None, _("members without a rating for %(year)s: %(people)s") % {
                **values,
                "people": self.member_codes(unknown),
            }
        return True, _("every member rated “%(required)s” or better in %(year)s") % values

    def members_not_disciplined(self, unit_id, level):
        found = [pid for pid in self.facts.members.get(unit_id, []) if self.disciplined(pid, level)]
        values = {"year": self.year, "level": DisciplineLevel(level).label}
        if found:
            return False, _(
                "members disciplined at “%(level)s” or above in %(year)s: %(people)s"
            ) % {
                **values,
                "people": self.member_codes(found),
            }
        return True, _("no member disciplined at “%(level)s” or above in %(year)s") % values

    def leads_cluster(self, unit_id):
        values = {"year": self.year}
        if self.facts.leading_units is None:
            return None, _("leadership of the emulation cluster in %(year)s not recorded") % values
        if unit_id in self.facts.leading_units:
            return True, _("leads its emulation cluster or bloc in %(year)s") % values
        return False, _("does not lead its emulation cluster or bloc in %(year)s") % values
