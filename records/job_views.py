"""The page of a background job (records.jobs): progress, then the result or the failure."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from records.models import Job


def own_job(request, pk, *fields):
    """The user's own job (another's is 404, as if it did not exist)."""
    jobs = Job.objects.filter(owner=request.user)
    return get_object_or_404(jobs.only(*fields) if fields else jobs.defer("result"), pk=pk)


@login_required
def job(request, pk):
    return render(request, "records/job.html", {"job": own_job(request, pk)})


@login_required
def job_status(request, pk):
    job = own_job(request, pk, "status", "done", "total", "owner")
    return JsonResponse(
        {
            "status": job.status,
            "percent": job.percent,
            "done": job.done,
            "total": job.total,
            "finished": job.status in (Job.Status.DONE, Job.Status.FAILED),
            "page": reverse("records:job", args=[job.pk]),
        }
    )


@login_required
def job_result(request, pk):
    job = get_object_or_404(Job, owner=request.user, pk=pk, status=Job.Status.DONE)
    response = HttpResponse(bytes(job.result), content_type=job.content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.file_name}"'
    return response
