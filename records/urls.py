from django.urls import path

from records import views

app_name = "records"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("me/", views.my_record, name="my_record"),
    path("people/", views.person_list, name="person_list"),
    path("people/<str:staff_code>/", views.person_detail, name="person_detail"),
    path("audit/", views.audit_log, name="audit_log"),
    path("imports/", views.imports, name="imports"),
    path("imports/run/", views.import_run, name="import_run"),
    path(
        "imports/template/<slug:kind>.<slug:file_format>",
        views.import_template,
        name="import_template",
    ),
]
