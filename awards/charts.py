"""The dashboard's charts of honours: conferrals by year (individuals and collectives) over the
last ten years with data, and by honour for the latest of those years. Read from the active
ledger of the units the user sees; two aggregate queries."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from awards.ledger import active_conferrals
from records import roles
from records.dashboard import Panel, register
from records.models import Conferral, RecipientType

YEARS = 10


def chart_data(user):
    rows = active_conferrals(Conferral.objects.all())
    unit_ids = user.visible_unit_ids
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    by_year = list(
        rows.values("year")
        .annotate(
            individuals=Count("id", filter=Q(recipient_type=RecipientType.INDIVIDUAL)),
            collectives=Count("id", filter=Q(recipient_type=RecipientType.COLLECTIVE)),
        )
        .order_by("-year")[:YEARS]
    )[::-1]
    if not by_year:
        return None
    latest = by_year[-1]["year"]
    by_honour = list(
        rows.filter(year=latest)
        .values("honour__code", "honour__rank")
        .annotate(count=Count("id"))
        .order_by("honour__rank", "honour__code")
    )
    return {
        "byYear": {
            "labels": [row["year"] for row in by_year],
            "datasets": [
                {"label": _("Individuals"), "data": [row["individuals"] for row in by_year]},
                {"label": _("Collectives"), "data": [row["collectives"] for row in by_year]},
            ],
        },
        "byHonour": {
            "labels": [row["honour__code"] for row in by_honour],
            "datasets": [
                {
                    "label": _("Honours in %(year)s") % {"year": latest},
                    "data": [row["count"] for row in by_honour],
                }
            ],
        },
    }


def chart_items(user):
    data = chart_data(user)
    return [] if data is None else [{"chart": data}]


def register_chart_panel():
    from django.utils.translation import gettext_lazy

    register(
        Panel(
            "honour_charts",
            gettext_lazy("Honours by year and by honour"),
            gettext_lazy("No honour recorded yet."),
            (roles.CLERK, roles.ADMINISTRATOR),
            chart_items,
            order=90,
            template="awards/reports/_chart_panel.html",
        )
    )
