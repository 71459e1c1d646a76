"""Printed documents: the same template gives the printable page and, through WeasyPrint, the
PDF. The PDF reads its stylesheets from the static files on disk, not over the network."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string

STATIC_LINK = re.compile(r'href="/?' + re.escape(settings.STATIC_URL.lstrip("/")) + r'([^"]+)"')

HASHED = re.compile(r"\.[0-9a-f]{12}(\.\w+)$")


def local_static(html):
    """Point each link to a static file at the file itself."""

    def to_file(match):
        # In production the name carries the manifest's hash: the source file has none.
        found = finders.find(HASHED.sub(r"\1", match.group(1)))
        return f'href="{Path(found).as_uri()}"' if found else match.group(0)

    return STATIC_LINK.sub(to_file, html)


def place_name(unit):
    """The place for the date line of a printed document: the province the unit belongs to
    ("Viện kiểm sát nhân dân tỉnh Sơn La" gives "Sơn La")."""
    from records.models import UnitKind

    province = unit
    while province.parent_id and province.kind != UnitKind.PROVINCE:
        province = province.parent
    for marker in ("thành phố ", "tỉnh "):
        if marker in province.name:
            return province.name.rsplit(marker, 1)[1]
    return province.name


def render_document(request, template, context, filename, as_pdf):
    """The printable page, or its PDF when `as_pdf`."""
    html = render_to_string(template, context, request=request)
    if not as_pdf:
        return HttpResponse(html)
    from weasyprint import HTML

    pdf = HTML(string=local_static(html), base_url=str(Path.cwd())).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
    return response
