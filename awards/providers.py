"""The facts the eligibility engine reads from the other apps (see `awards.eligibility_facts`):
initiatives recognised for people, from `initiatives`, and the units leading their cluster's
ranking, from `emulation`. Wired into `DEFAULT_PROVIDERS` by `AwardsConfig.ready()`."""


def initiative_facts(person_ids, years):
    """(person id, year, level) of every recognised initiative the people authored or co-authored
    in `years`. One query."""
    from initiatives.models import Recognition

    years = list(years)
    if not person_ids or not years:
        return []
    recognitions = Recognition.objects.filter(year__gte=min(years), year__lte=max(years))
    return [(row.person_id, row.year, row.level) for row in recognitions.for_people(person_ids)]


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
