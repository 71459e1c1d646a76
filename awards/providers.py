"""The facts the eligibility engine reads from the other apps (see `awards.eligibility_facts`):
initiatives recognised for people, from `initiatives`, and the units leading their cluster's
ranking, from `emulation`. Wired into `DEFAULT_PROVIDERS` by `AwardsConfig.ready()`."""

# From so many people on (a province's staff holds some 450), the years' recognitions of every
# author are read and those of the people kept: a few hundred rows a year for the whole sector,
# where a query naming 15,000 people takes Django and PostgreSQL 0.1–0.3 s to build and plan.
MANY_PEOPLE = 1000


def initiative_facts(person_ids, years):
    """(person id, year, level) of every recognised initiative the people authored or co-authored
    in `years`. One query."""
    from initiatives.models import Recognition

    years = list(years)
    if not person_ids or not years:
        return []
    recognitions = Recognition.objects.filter(year__gte=min(years), year__lte=max(years))
    if len(person_ids) < MANY_PEOPLE:
        rows = recognitions.for_people(person_ids)
    else:
        wanted = set(person_ids)
        rows = [row for row in recognitions.by_author() if row.person_id in wanted]
    return [(row.person_id, row.year, row.level) for row in rows]


def leading_units(unit_ids, year):
    """Ids of the units that lead their cluster's or bloc's ranking in `year` (proposed or
    nominated for the sector flag), or None when none of the units' clusters has been ranked
    for that year (leadership not known yet). One query."""
    from emulation.models import ClusterScore, FlagProposal

    rows = ClusterScore.objects.filter(cluster__year=year, unit_id__in=unit_ids).values_list(
        "unit_id", "flag_proposal"
    )
    rows = list(rows)
    if not rows:
        return None
    return {unit_id for unit_id, flag in rows if flag != FlagProposal.NONE}


def wire():
    from awards.eligibility_facts import DEFAULT_PROVIDERS

    DEFAULT_PROVIDERS.initiative_facts = initiative_facts
    DEFAULT_PROVIDERS.leading_units = leading_units
