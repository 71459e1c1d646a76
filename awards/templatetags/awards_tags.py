"""Template helpers of the awards pages."""

from django import template

from records import roles

register = template.Library()

# Which roles see which part of the awards pages in the navigation.
SECTIONS = {
    "nominations": (*roles.UNIT_SCOPED, roles.ADMINISTRATOR),
    "sessions": (roles.CLERK, roles.COUNCIL_CHAIR, roles.COUNCIL_MEMBER, roles.ADMINISTRATOR),
    "documents": (roles.CLERK, roles.COUNCIL_CHAIR, roles.ADMINISTRATOR),
    "eligibility": (
        roles.CLERK,
        roles.UNIT_OFFICER,
        roles.COUNCIL_MEMBER,
        roles.COUNCIL_CHAIR,
        roles.ADMINISTRATOR,
    ),
    "reports": (*roles.UNIT_SCOPED, roles.ADMINISTRATOR),
    "certificates": (roles.CLERK, roles.ADMINISTRATOR),
}


@register.filter
def sees(user, section):
    return user.is_authenticated and user.has_role(*SECTIONS[section])


@register.filter
def status_label(value):
    """The label of a nomination state recorded in the audit trail."""
    from awards.models import NominationStatus

    return NominationStatus(value).label if value in NominationStatus.values else value


@register.inclusion_tag("awards/_person_outlook.html")
def person_outlook(person):
    """`{% person_outlook person %}`: what the person still lacks for each individual honour of
    next year (the person page's section). Ten queries, whatever the person's history."""
    from django.utils import timezone

    from awards.eligibility import EligibilityError, outlook

    year = timezone.localdate().year
    try:
        entries = outlook(person, year)
    except EligibilityError as error:
        return {"error": str(error), "year": year + 1}
    return {"entries": entries, "year": year + 1}
