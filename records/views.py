from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from records import roles
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
