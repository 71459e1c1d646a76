from django.urls import path

from records import job_views, views

app_name = "records"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("me/", views.my_record, name="my_record"),
    path("people/", views.person_list, name="person_list"),
    path("people/<str:staff_code>/", views.person_detail, name="person_detail"),
    path("audit/", views.audit_log, name="audit_log"),
    path("jobs/<int:pk>/", job_views.job, name="job"),
    path("jobs/<int:pk>/status/", job_views.job_status, name="job_status"),
    path("jobs/<int:pk>/result/", job_views.job_result, name="job_result"),
    path("imports/", views.imports, name="imports"),
    path("imports/run/", views.import_run, name="import_run"),
    path(
        "imports/template/<slug:kind>.<slug:file_format>",
        views.import_template,
        name="import_template",
    ),
]
