"""The file formats of the reports: XLSX sheets and CSV written through `records.exports.safe_row`
(no formula injection), PDFs rendered by WeasyPrint from the same templates as the pages."""

import csv
import io

from django.template.loader import render_to_string


def xlsx_bytes(sheets):
    """An .xlsx workbook: `sheets` is a list of (title, header, rows); headers in bold."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from records.exports import safe_row

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(str(title)[:31])
        sheet.append(safe_row([str(cell) for cell in header]))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(safe_row([cell if isinstance(cell, int) else str(cell) for cell in row]))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def csv_text(header, rows):
    from records.exports import safe_row

    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow(safe_row([str(cell) for cell in header]))
    for row in rows:
        writer.writerow(safe_row([cell if isinstance(cell, int) else str(cell) for cell in row]))
    return output.getvalue()


def pdf_bytes(template, context, request=None):
    """The PDF of a printed template, with the stylesheets read from the static files (the
    fetcher of the awards pages' PDFs)."""
    from weasyprint import HTML

    from awards.views import static_fetcher

    html = render_to_string(template, context, request=request)
    return HTML(string=html, base_url="file:///", url_fetcher=static_fetcher()).write_pdf()
