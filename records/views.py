from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from records import importing, roles
from records.dashboard import panels_for


@login_required
def dashboard(request):
    user = request.user
    return render(
        request,
        "records/dashboard.html",
        {
            "panels": panels_for(user),
            "role_labels": [
                str(label) for role, label in roles.LABELS.items() if role in user.roles
            ],
        },
    )


# --- Imports of history (administrators) ----------------------------------------------------

IMPORT_ERRORS_SHOWN = 1000


def administrator_required(view):
    """Anonymous users go to the login page; users who are not administrators get 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.has_role(roles.ADMINISTRATOR):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=importing.kind_choices)
    file = forms.FileField(label=_("File (.csv or .xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        head = upload.read(8)
        upload.seek(0)
        if problem := importing.upload_problem(upload.name, upload.size, head):
            raise forms.ValidationError(problem)
        return upload


def render_imports(request, form, result=None):
    errors = result.errors if result else []
    return render(
        request,
        "records/import.html",
        {
            "form": form,
            "errors": errors[:IMPORT_ERRORS_SHOWN],
            "error_count": len(errors),
            "errors_cut": len(errors) > IMPORT_ERRORS_SHOWN,
            "kinds": importing.kinds(),
        },
    )


@administrator_required
def imports(request):
    return render_imports(request, ImportForm())


@administrator_required
@require_POST
def import_run(request):
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_imports(request, form)
    upload = form.cleaned_data["file"]
    result = importing.run_import(
        form.cleaned_data["kind"], upload.read(), file_name=upload.name, actor=request.user
    )
    if not result.ok:
        return render_imports(request, form, result)
    messages.success(request, importing.summary(result, upload.name))
    return redirect("records:imports")


TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@administrator_required
def import_template(request, kind, file_format):
    if kind not in importing.IMPORTERS or file_format not in TEMPLATE_TYPES:
        raise Http404
    response = HttpResponse(
        importing.template_file(kind, file_format), content_type=TEMPLATE_TYPES[file_format]
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}.{file_format}"'
    return response
