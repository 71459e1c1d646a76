"""PDFs rendered by WeasyPrint from the same templates as the printable pages."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

STATIC_PREFIX = "file:///" + settings.STATIC_URL.lstrip("/")


class StaticFetcher(URLFetcher):
    """Read the product's own static files from disk; fetch nothing else."""

    def fetch(self, url, headers=None):
        path = finders.find(url[len(STATIC_PREFIX) :]) if url.startswith(STATIC_PREFIX) else None
        if not path:
            raise ValueError(f"Not a static file of the product: {url}")
        return super().fetch(f"file://{path}", headers)


def render_pdf(template, context, request=None):
    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url="file:///", url_fetcher=StaticFetcher()).write_pdf()
