"""The conditions on one person: ratings, time served, discipline, titles held or met, initiatives,
prior honours and service (a mixin of `Checker`)."""

from datetime import date

from django.utils.translation import gettext as _

from awards.eligibility.logic import (
    DISCIPLINE_ORDER,
    TITLE_OF_THE_YEAR,
    at_least,
    day_text,
    enough,
    levels_text,
    months_before_year_end,
    rating_label,
    reference_date,
    service_reached_on,
    years_text,
)
from records.models import DisciplineLevel


class PersonConditions:
    """Conditions on a person, read from `self.facts` for the assessed `self.year`."""

    def rating(self, person_id, year, minimum):
        rating = self.facts.ratings.get((person_id, year))
        if rating is None:
            return None, _("no rating recorded for %(year)s") % {"year": year}
        return at_least(rating, minimum), _(
            "%(year)s rating: “%(rating)s”; at least “%(required)s” required"
        ) % {"year": year, "rating": rating_label(rating), "required": rating_label(minimum)}

    def served_months(self, person_id, required):
        person = self.facts.people[person_id]
        start, year = person.sector_start_date, self.year
        if start is None:
            if (person_id, year - 1) in self.facts.ratings:
                return True, _("in service for the whole of %(year)s (rated for %(prior)s)") % {
                    "year": year,
                    "prior": year - 1,
                }
            return None, _("date of joining the sector not recorded")
        months = months_before_year_end(start, year)
        return months >= required, _(
            "joined the sector on %(date)s: %(months)s months before the end of %(year)s; "
            "at least %(required)s required"
        ) % {"date": day_text(start), "months": max(months, 0), "year": year, "required": required}

    def disciplined(self, person_id, level):
        first, last = date(self.year, 1, 1), date(self.year, 12, 31)
        floor = DISCIPLINE_ORDER.index(level)
        return [
            measure
            for measure in self.facts.discipline.get(person_id, ())
            if measure.overlaps(first, last) and DISCIPLINE_ORDER.index(measure.level) >= floor
        ]

    def not_disciplined(self, person_id, level):
        found = self.disciplined(person_id, level)
        if found:
            measures = "; ".join(
                _("%(level)s, decision %(number)s")
                % {"level": DisciplineLevel(m.level).label, "number": m.decision_number}
                for m in found
            )
            return False, _("disciplined in %(year)s: %(measures)s") % {
                "year": self.year,
                "measures": measures,
            }
        return True, _("no disciplinary measure of “%(level)s” or above in %(year)s") % {
            "level": DisciplineLevel(level).label,
            "year": self.year,
        }

    def title_state(self, recipient_id, code, year, collective=False):
        """True when held in the ledger (or, for the assessed year, when its criteria are met),
        False when not, None when it cannot be told."""
        if year in self.facts.years_held(recipient_id, code, collective):
            return True
        if year != self.year:
            return False
        return self.evaluate(code, recipient_id).met

    def title_in_year(self, recipient_id, code, year, collective=False):
        values = {"code": code, "year": year}
        if year in self.facts.years_held(recipient_id, code, collective):
            return True, _("%(code)s %(year)s: conferred") % values
        if year != self.year:
            return False, _("%(code)s %(year)s: not conferred") % values
        state = self.evaluate(code, recipient_id).met
        return state, _(TITLE_OF_THE_YEAR[state]) % values

    def title_every_year(self, person_id, code, years, times=False):
        states = {year: self.title_state(person_id, code, year) for year in years}
        missing = [year for year, state in states.items() if state is False]
        unknown = [year for year, state in states.items() if state is None]
        values = {
            "code": code,
            "years": years_text(years),
            "count": len(years),
            "missing": years_text(missing),
            "unknown": years_text(unknown),
        }
        if missing:
            text = (
                _("%(code)s %(years)s: %(count)s consecutive times required, missing %(missing)s")
                if times
                else _(
                    "%(code)s %(years)s: %(count)s consecutive years required, missing %(missing)s"
                )
            )
            return False, text % values
        if unknown:
            return None, _(
                "%(code)s %(years)s: %(count)s consecutive required, %(unknown)s cannot be "
                "checked yet"
            ) % values
        if times:
            return True, _("%(code)s %(years)s: %(count)s consecutive times") % values
        return True, _("%(code)s %(years)s: %(count)s consecutive years") % values

    def title_count(self, person_id, code, years, needed):
        states = [self.title_state(person_id, code, year) for year in years]
        found = states.count(True)
        return enough(found, states.count(None), needed), _(
            "%(code)s in %(found)s of the years %(years)s; at least %(count)s required"
        ) % {"code": code, "found": found, "years": years_text(years), "count": needed}

    def ratings_every_year(self, person_id, years, minimum):
        ratings = {year: self.facts.ratings.get((person_id, year)) for year in years}
        below = [y for y, rating in ratings.items() if rating and not at_least(rating, minimum)]
        unknown = [y for y, rating in ratings.items() if rating is None]
        values = {
            "required": rating_label(minimum),
            "years": years_text(years),
            "below": years_text(below),
            "unknown": years_text(unknown),
        }
        if below:
            return False, _(
                "rated “%(required)s” or better in each of %(years)s required; below in %(below)s"
            ) % values
        if unknown:
            return None, _(
                "rated “%(required)s” or better in each of %(years)s required; no rating for "
                "%(unknown)s"
            ) % values
        return True, _("rated “%(required)s” or better in each of %(years)s") % values

    def rating_count(self, person_id, years, rating, needed):
        ratings = [self.facts.ratings.get((person_id, year)) for year in years]
        found = sum(1 for value in ratings if value and at_least(value, rating))
        return enough(found, ratings.count(None), needed), _(
            "rated “%(rating)s” in %(found)s of the years %(years)s; at least %(count)s required"
        ) % {
            "rating": rating_label(rating),
            "found": found,
            "years": years_text(years),
            "count": needed,
        }

    def initiatives_found(self, person_id, years, levels):
        return [
            (year, level)
            for year, level in self.facts.initiatives.get(person_id, ())
            if year in years and level in levels
        ]

    def initiatives(self, person_id, years, levels, needed):
        found = self.initiatives_found(person_id, years, levels)
        values = {
            "levels": levels_text(levels),
            "period": f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0]),
            "found": len(found),
            "count": needed,
        }
        if not found:
            return needed <= 0, _("no initiative recognised at %(levels)s level in %(period)s") % (
                values
            )
        return len(found) >= needed, _(
            "initiatives recognised at %(levels)s level in %(period)s: %(found)s, at least "
            "%(count)s required"
        ) % values

    def excellent_or_initiative(self, person_id, minimum, levels):
        year = self.year
        rating = self.facts.ratings.get((person_id, year))
        if rating and at_least(rating, minimum):
            return True, _("%(year)s rating: “%(rating)s”") % {
                "year": year,
                "rating": rating_label(rating),
            }
        this_year = range(year, year + 1)
        if self.initiatives_found(person_id, this_year, levels):
            return self.initiatives(person_id, this_year, levels, 1)
        values = {"year": year, "required": rating_label(minimum), "levels": levels_text(levels)}
        if rating is None:
            return None, _(
                "no rating recorded for %(year)s, and no initiative recognised at %(levels)s level"
            ) % values
        return False, _(
            "%(year)s: neither rated “%(required)s” nor an initiative recognised at %(levels)s "
            "level"
        ) % values

    def heads_qualifying_unit(self, unit_id, minimum, titles):
        year = self.year
        unit = self.facts.units[unit_id]
        held = [code for code in titles if year in self.facts.years_held(unit_id, code, True)]
        values = {"unit": unit.name, "year": year}
        if held:
            return True, _("head of %(unit)s, which holds %(code)s for %(year)s") % {
                **values,
                "code": held[0],
            }
        rating = self.facts.unit_ratings.get((unit_id, year))
        if rating is None:
            return None, _("head of %(unit)s, which has no rating for %(year)s") % values
        return at_least(rating, minimum), _(
            "head of %(unit)s, rated “%(rating)s” for %(year)s; a unit head needs the unit rated "
            "“%(required)s” or holding %(titles)s"
        ) % {
            **values,
            "rating": rating_label(rating),
            "required": rating_label(minimum),
            "titles": ", ".join(titles),
        }

    def none_since(self, person_id, code, first_year):
        """The honour was not conferred in the period `first_year`..assessed year: one
        achievement is rewarded once (Law 2022, Điều 5)."""
        held = sorted(y for y in self.facts.years_held(person_id, code) if y >= first_year)
        values = {"code": code, "first": first_year, "last": self.year, "years": years_text(held)}
        if held:
            return False, _(
                "%(code)s already conferred for %(years)s: the period must follow it"
            ) % values
        return True, _("no %(code)s conferred in %(first)s–%(last)s") % values

    def prior_honour(self, person_id, codes, before):
        held = sorted(
            (year, code)
            for code in codes
            for year in self.facts.years_held(person_id, code)
            if year < before
        )
        if held:
            year, code = held[-1]
            return True, _("%(code)s conferred for %(year)s, before %(first)s") % {
                "code": code,
                "year": year,
                "first": before,
            }
        return False, _("no %(codes)s conferred before %(first)s") % {
            "codes": " / ".join(codes),
            "first": before,
        }

    def service(self, person_id, criteria):
        person = self.facts.people[person_id]
        if person.sector_start_date is None:
            return None, _("date of joining the sector not recorded")
        reference = reference_date(criteria, self.year)
        reached = service_reached_on(person, self.facts.discipline[person_id], criteria, reference)
        return reached <= reference, _(
            "%(years)s years of service since %(start)s (time under discipline excluded) "
            "completed on %(reached)s; required by %(reference)s"
        ) % {
            "years": criteria["service_years"],
            "start": day_text(person.sector_start_date),
            "reached": day_text(reached),
            "reference": day_text(reference),
        }
