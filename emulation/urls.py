from django.urls import path, register_converter

from emulation import views


class YearConverter:
    """A four-digit year of this century or the last: anything else is not a page."""

    regex = "(?:19|20)[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


register_converter(YearConverter, "emulation_year")


def printable(route, view, name):
    """The printable page at `<route>print/` and its PDF at `<route>pdf/`."""
    return [
        path(f"{route}print/", view, name=f"{name}_print"),
        path(f"{route}pdf/", view, {"as_pdf": True}, name=f"{name}_pdf"),
    ]


YEAR = "registrations/<emulation_year:year>/"
SHEET = YEAR + "<str:code>/"

app_name = "emulation"
urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_edit, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/advance/", views.campaign_advance, name="campaign_advance"),
    path("registrations/", views.registration_overview, name="registrations"),
    path(YEAR, views.registration_overview, name="registrations_year"),
    path(YEAR + "deadline/", views.set_deadline, name="set_deadline"),
    *printable(YEAR, views.registration_summary_print, "registrations"),
    path(SHEET, views.sheet_view, name="sheet"),
    path(SHEET + "submit/", views.sheet_submit, name="sheet_submit"),
    path(SHEET + "accept/", views.sheet_accept, name="sheet_accept"),
    path(SHEET + "return/", views.sheet_return, name="sheet_return"),
    *printable(SHEET, views.sheet_print, "sheet"),
    path("clusters/", views.cluster_list, name="clusters"),
    path("clusters/new/", views.cluster_edit, name="cluster_new"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster"),
    path("clusters/<int:pk>/edit/", views.cluster_edit, name="cluster_edit"),
    path("clusters/<int:pk>/pledge/", views.pledge_edit, name="pledge_edit"),
    path("clusters/<int:pk>/sign/", views.pledge_sign, name="pledge_sign"),
    *printable("clusters/<int:pk>/pledge/", views.pledge_print, "pledge"),
    path("clusters/<int:pk>/scores/", views.cluster_scores, name="cluster_scores"),
    path("clusters/<int:pk>/rank/", views.cluster_rank, name="cluster_rank"),
]
