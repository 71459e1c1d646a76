from django.urls import path

from initiatives import views

app_name = "initiatives"
urlpatterns = [
    path("", views.initiative_list, name="list"),
    path("new/", views.initiative_create, name="create"),
    path("counts/", views.counts, name="counts"),
    path("batches/", views.batches, name="batches"),
    path("person/<int:person_pk>/", views.person_initiatives, name="person"),
    path("<int:pk>/", views.initiative_detail, name="detail"),
    path("<int:pk>/edit/", views.initiative_edit, name="edit"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/higher-level/", views.request_higher_level, name="higher_level"),
    path("<int:pk>/score/", views.score, name="score"),
    path("<int:pk>/outcome/", views.outcome, name="outcome"),
    path("<int:pk>/duplicate/", views.mark_duplicate, name="duplicate"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment, name="attachment"),
    path(
        "recognitions/<int:recognition_pk>/certificate/<int:author_pk>/",
        views.certificate,
        name="certificate",
    ),
    path(
        "recognitions/<int:recognition_pk>/certificate/<int:author_pk>.pdf",
        views.certificate_pdf,
        name="certificate_pdf",
    ),
]
