from django.urls import path

from awards import eligibility_views, views

app_name = "awards"
urlpatterns = [
    path("nominations/", views.nomination_list, name="nominations"),
    path("nominations/new/", views.nomination_create, name="nomination_create"),
    path(
        "nominations/from-registrations/",
        views.nominations_from_registrations,
        name="from_registrations",
    ),
    path("flag-proposals/<int:pk>/nominate/", views.flag_nomination, name="flag_nomination"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination_edit"),
    path("nominations/<int:pk>/files/", views.file_upload, name="file_upload"),
    path("files/<int:pk>/", views.file_download, name="file_download"),
    path("nominations/<int:pk>/<str:step>/", views.nomination_step, name="nomination_step"),
    path("eligibility/", eligibility_views.eligibility_report, name="eligibility"),
    path("commemorative-medal/", eligibility_views.knc_list, name="knc"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session"),
    path("sessions/<int:pk>/agenda/", views.session_agenda, name="session_agenda"),
    path("sessions/<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("sessions/<int:pk>/open/", views.session_open, name="session_open"),
    path("sessions/<int:pk>/vote/", views.session_vote, name="session_vote"),
    path("sessions/<int:pk>/tally/", views.session_tally, name="session_tally"),
    path("sessions/<int:pk>/close/", views.session_close, name="session_close"),
    path("sessions/<int:pk>/minutes.pdf", views.session_minutes, name="session_minutes"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/new/", views.decision_create, name="decision_create"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/issue/", views.decision_issue, name="decision_issue"),
    path("decisions/<int:pk>/discard/", views.decision_discard, name="decision_discard"),
    path("decisions/<int:pk>/correct/", views.decision_correct, name="decision_correct"),
    path("decisions/<int:pk>/decision.pdf", views.decision_pdf, name="decision_pdf"),
    path("proposals/", views.proposal_list, name="proposals"),
    path("proposals/new/", views.proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/issue/", views.proposal_issue, name="proposal_issue"),
    path("proposals/<int:pk>/discard/", views.proposal_discard, name="proposal_discard"),
    path("proposals/<int:pk>/outcome/", views.proposal_outcome, name="proposal_outcome"),
    path("proposals/<int:pk>/proposal.pdf", views.proposal_pdf, name="proposal_pdf"),
]

# Reports (awards/report_views.py).
from awards import report_views  # noqa: E402

urlpatterns += [
    *report_views.printable("reports/summary/", report_views.summary, "summary", xlsx=True),
    *report_views.printable(
        "reports/statistics/<str:code>/", report_views.statistics_form, "statistics", xlsx=True
    ),
    path("reports/lookup/", report_views.lookup, name="lookup"),
    *report_views.printable("reports/lookup/<str:kind>/<int:pk>/", report_views.history, "history"),
    path("reports/certificates/", report_views.calibrations, name="calibrations"),
    path("reports/certificates/<str:code>/", report_views.calibrate, name="calibrate"),
    path(
        "reports/certificates/<str:code>/test.pdf",
        report_views.calibration_test,
        name="calibration_test",
    ),
    path(
        "reports/decisions/<int:pk>/certificates.pdf",
        report_views.decision_certificates,
        name="decision_certificates",
    ),
]
