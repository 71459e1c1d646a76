from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("", include("records.urls")),
    path("emulation/", include("emulation.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("awards/", include("awards.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.BENCH:
    # The ceiling of bench/run: the whole middleware stack, no query, no template.
    urlpatterns.append(path("bench/ping/", lambda request: HttpResponse("ok"), name="bench_ping"))
