"""The records app's dashboard panels."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from records import roles
from records.dashboard import Panel, register
from records.models import Conferral, CouncilMember, Person, Rating, RecipientType


def my_honours(user):
    if not user.person_id:
        return []
    conferrals = Conferral.objects.filter(person_id=user.person_id).select_related("honour")
    url = reverse("records:person_detail", args=[user.person.staff_code])
    return [
        {"text": f"{c.year} — {c.honour.label}", "note": c.decision_number, "url": url}
        for c in conferrals
    ]


def people_without_rating(user):
    last_year = timezone.localdate().year - 1
    # One EXISTS on (year, person), which the unique index answers: `.exclude()` across the
    # relation made two separate EXISTS subqueries.
    rated = Rating.objects.filter(
        person=OuterRef("pk"), year=last_year, recipient_type=RecipientType.INDIVIDUAL
    )
    people = Person.objects.visible_to(user).for_list().exclude(Exists(rated))
    return [
        {
            "text": f"{p.full_name} ({p.staff_code})",
            "note": p.unit.name,
            "url": reverse("records:person_detail", args=[p.staff_code]),
        }
        for p in people[:10]
    ]


def council_seats(user):
    if not user.person_id:
        return []
    seats = CouncilMember.objects.filter(person_id=user.person_id).select_related("council")
    return [{"text": seat.council.name, "note": seat.get_role_display()} for seat in seats]


def register_panels():
    everyone = tuple(roles.LABELS)
    register(
        Panel(
            "my_honours",
            _("My honours"),
            _("No honours recorded for you yet."),
            everyone,
            my_honours,
            order=90,
        )
    )
    register(
        Panel(
            "missing_ratings",
            _("People without last year's rating"),
            _("Every person has last year's rating."),
            (roles.UNIT_OFFICER, roles.CLERK),
            people_without_rating,
            order=20,
        )
    )
    register(
        Panel(
            "council_seats",
            _("My council seats"),
            _("You hold no council seat."),
            (roles.COUNCIL_MEMBER, roles.COUNCIL_CHAIR, roles.INITIATIVE_MEMBER),
            council_seats,
            order=80,
        )
    )
