from django.urls import path

from records import views

app_name = "records"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("imports/", views.imports, name="imports"),
    path("imports/run/", views.import_run, name="import_run"),
    path(
        "imports/template/<slug:kind>.<slug:file_format>",
        views.import_template,
        name="import_template",
    ),
]
