"""`{% person_initiatives person %}`: a person's initiatives, for the person page."""

from django import template
from django.db.models import Prefetch

from initiatives.models import Author, Recognition

register = template.Library()


def authorships(person):
    """The person's initiatives with their share and recognitions. Two queries."""
    return list(
        Author.objects.filter(person=person)
        .select_related("initiative__unit")
        .prefetch_related(
            Prefetch("initiative__recognitions", Recognition.objects.order_by("decision_date"))
        )
        .order_by("-initiative__year", "initiative__code")
    )


@register.inclusion_tag("initiatives/_person_initiatives.html")
def person_initiatives(person):
    return {"person": person, "authorships": authorships(person)}
