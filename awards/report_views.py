"""Report pages: the yearly award summary, the statistics forms and the look-up, each as a page,
a print view, a PDF (from the print template) and, where people edit it, an XLSX workbook.
Reports are for the roles that see a unit's subtree; a unit outside the user's scope is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import certificates, reports, statistics
from awards.models import Decision, DocumentStatus
from awards.report_forms import CalibrationForm, LookupForm, ReportForm
from awards.services import MANAGERS
from awards.templatetags.awards_tags import sees
from awards.views import pdf_response
from records import jobs
from records.models import Conferral, Honour, Person, RecipientType, Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def printable(route, view, name, xlsx=False):
    """URL patterns of one report: the page `name`, its print view `name_print`, its PDF
    `name_pdf` and, with `xlsx`, its workbook `name_xlsx`."""
    from django.urls import path

    formats = ["print", "pdf", *(["xlsx"] if xlsx else [])]
    paths = [path(route, view, name=name)]
    for fmt in formats:
        suffix = "print/" if fmt == "print" else f"{name}.{fmt}"
        paths.append(path(f"{route}{suffix}", view, {"fmt": fmt}, name=f"{name}_{fmt}"))
    return paths


def require_reader(user):
    if not sees(user, "reports"):
        raise PermissionDenied


def chosen(request):
    """The validated (unit, year) of the query string, or the bound form with its errors."""
    require_reader(request.user)
    form = ReportForm(request.GET, request.user)
    if not form.is_valid():
        if "unit" in form.errors and request.GET.get("unit"):
            raise Http404  # a unit outside the user's scope, or no unit at all
        return form, None, None
    return form, form.cleaned_data["unit"], form.cleaned_data["year"]


def xlsx_response(content, filename):
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def output(request, fmt, templates, context, filename, xlsx):
    """The page, the print view, the PDF or the workbook of one report."""
    page, printed = templates
    context["today"] = timezone.localdate()
    if fmt == "pdf":
        return pdf_response(request, printed, context, f"{filename}.pdf")
    if fmt == "xlsx":
        return xlsx_response(xlsx(), f"{filename}.xlsx")
    return render(request, printed if fmt == "print" else page, context)


@login_required
def summary(request, fmt="html"):
    form, unit, year = chosen(request)
    if unit is None:
        return render(request, "awards/reports/summary.html", {"form": form})
    if fmt == "xlsx" and unit.parent_id is None:  # the whole sector: in the background
        title = _("Summary of honours, %(unit)s, %(year)s") % {"unit": unit, "year": year}
        return jobs.start(request, "awards.summary_xlsx", title, unit=unit.pk, year=year)
    result = reports.summary(unit, year)
    return output(
        request,
        fmt,
        ("awards/reports/summary.html", "awards/reports/summary_print.html"),
        {"form": form, "summary": result, "query": request.GET.urlencode()},
        f"tong-hop-khen-thuong-{unit.code}-{year}",
        lambda: reports.summary_xlsx(result),
    )


@login_required
def statistics_form(request, code, fmt="html"):
    if code not in statistics.FORMS:
        raise Http404
    form, unit, year = chosen(request)
    context = {"form": form, "code": code, "forms": statistics.FORMS}
    if unit is None:
        return render(request, "awards/reports/statistics.html", context)
    filled = statistics.build(code, unit, year)
    context.update(statistics=filled, query=request.GET.urlencode())
    return output(
        request,
        fmt,
        ("awards/reports/statistics.html", "awards/reports/statistics_print.html"),
        context,
        f"bieu-{code}-{unit.code}-{year}",
        lambda: statistics.to_xlsx(filled),
    )


# --- Look-up ------------------------------------------------------------------------------------


@login_required
def lookup(request):
    """Search people and units without diacritics; everyone searches within their own scope."""
    form = LookupForm(request.GET)
    people, units = [], []
    if form.is_valid():
        people, units = reports.find(request.user, form.cleaned_data["q"])
    return render(
        request,
        "awards/reports/lookup.html",
        {"form": form, "people": people, "units": units, "searched": bool(request.GET.get("q"))},
    )


# What the look-up shows for each kind of recipient: the model and which ledger rows are its own.
HISTORIES = {
    "person": (Person, "person", RecipientType.INDIVIDUAL, "staff_code"),
    "unit": (Unit, "unit", RecipientType.COLLECTIVE, "code"),
}


@login_required
def history(request, kind, pk, fmt="html"):
    """A person's or a unit's honours over the years, within the user's scope (else 404)."""
    if kind not in HISTORIES:
        raise Http404
    model, field, recipient_type, code = HISTORIES[kind]
    subject = get_object_or_404(model.objects.visible_to(request.user).for_list(), pk=pk)
    conferrals = Conferral.objects.filter(**{field: subject, "recipient_type": recipient_type})
    context = {
        "subject": subject,
        "conferrals": reports.history(conferrals),
        "print_url": reverse("awards:history_print", args=[kind, pk]),
        "pdf_url": reverse("awards:history_pdf", args=[kind, pk]),
    }
    return output(
        request,
        fmt,
        ("awards/reports/history.html", "awards/reports/history_print.html"),
        context,
        f"khen-thuong-{getattr(subject, code)}",
        None,
    )


# --- Certificates -------------------------------------------------------------------------------


def require_manager(user):
    if not user.has_role(*MANAGERS):
        raise PermissionDenied


def certificates_pdf(request, groups, title, filename, marks=False):
    context = {"groups": groups, "title": title, "marks": marks}
    return pdf_response(request, "awards/reports/certificates_print.html", context, filename)


@login_required
def calibrations(request):
    """The certificate types and whether each one's positions were calibrated."""
    require_manager(request.user)
    honours = Honour.objects.select_related("calibration")
    return render(request, "awards/reports/calibrations.html", {"honours": honours})


@login_required
def calibrate(request, code):
    require_manager(request.user)
    honour = get_object_or_404(Honour, code=code)
    form = CalibrationForm(request.POST or None, instance=certificates.calibration_for(honour))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in certificates.FIELDS}
        certificates.save_calibration(request.user, honour, values)
        messages.success(request, _("The positions were saved."))
        return redirect("awards:calibrate", code=code)
    return render(request, "awards/reports/calibrate.html", {"form": form, "honour": honour})


@login_required
def calibration_test(request, code):
    require_manager(request.user)
    honour = get_object_or_404(Honour, code=code)
    return certificates_pdf(
        request,
        certificates.test_page(honour),
        _("Test page"),
        f"trang-thu-{code}.pdf",
        marks=True,
    )


@login_required
def decision_certificates(request, pk):
    decision = get_object_or_404(Decision.objects.visible_to(request.user), pk=pk)
    require_manager(request.user)
    if decision.status != DocumentStatus.ISSUED:
        messages.error(request, _("Certificates are printed for issued decisions only."))
        return redirect(decision.get_absolute_url())
    return certificates_pdf(
        request,
        certificates.certificates(decision),
        decision.number,
        f"bang-khen-{decision.pk}.pdf",
    )
