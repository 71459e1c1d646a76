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

app_name = "emulation"
urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/new/", views.campaign_edit, name="campaign_new"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:pk>/advance/", views.campaign_advance, name="campaign_advance"),
    path("registrations/", views.registration_overview, name="registrations"),
    path(
        "registrations/<emulation_year:year>/",
        views.registration_overview,
        name="registrations_year",
    ),
    path("registrations/<emulation_year:year>/deadline/", views.set_deadline, name="set_deadline"),
    path(
        "registrations/<emulation_year:year>/print/",
        views.registration_summary_print,
        name="registrations_print",
    ),
    path(
        "registrations/<emulation_year:year>/pdf/",
        views.registration_summary_print,
        {"as_pdf": True},
        name="registrations_pdf",
    ),
    path("registrations/<emulation_year:year>/<str:code>/", views.sheet_view, name="sheet"),
    path(
        "registrations/<emulation_year:year>/<str:code>/submit/",
        views.sheet_submit,
        name="sheet_submit",
    ),
    path(
        "registrations/<emulation_year:year>/<str:code>/accept/",
        views.sheet_accept,
        name="sheet_accept",
    ),
    path(
        "registrations/<emulation_year:year>/<str:code>/return/",
        views.sheet_return,
        name="sheet_return",
    ),
    path(
        "registrations/<emulation_year:year>/<str:code>/print/",
        views.sheet_print,
        name="sheet_print",
    ),
    path(
        "registrations/<emulation_year:year>/<str:code>/pdf/",
        views.sheet_print,
        {"as_pdf": True},
        name="sheet_pdf",
    ),
    path("clusters/", views.cluster_list, name="clusters"),
    path("clusters/new/", views.cluster_edit, name="cluster_new"),
    path("clusters/<int:pk>/", views.cluster_detail, name="cluster"),
    path("clusters/<int:pk>/edit/", views.cluster_edit, name="cluster_edit"),
    path("clusters/<int:pk>/pledge/", views.pledge_edit, name="pledge_edit"),
    path("clusters/<int:pk>/sign/", views.pledge_sign, name="pledge_sign"),
    path("clusters/<int:pk>/pledge/print/", views.pledge_print, name="pledge_print"),
    path("clusters/<int:pk>/pledge/pdf/", views.pledge_print, {"as_pdf": True}, name="pledge_pdf"),
    path("clusters/<int:pk>/scores/", views.cluster_scores, name="cluster_scores"),
    path("clusters/<int:pk>/rank/", views.cluster_rank, name="cluster_rank"),
]
