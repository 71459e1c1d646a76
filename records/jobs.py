"""Long work in the background, with progress: one job queue for the whole product.

The queue is Django's task framework (the `django-tasks` backport) with the database backend of
`django-tasks-db`: jobs wait in the product's own database, and any number of workers, on any
number of machines, take them with `python manage.py db_worker`. With `TASKS_IN_PROCESS`
(the default on the embedded SQLite database, so `make run` stays one command) a job runs in the
request that starts it, before its page is shown.

How to put a piece of work in the background (any app; records imports no other app):

1. Write the work as a function of the job and register it under a kind, in a module of your
   app that its AppConfig.ready() imports::

       from records import jobs

       @jobs.register("awards.summary_xlsx")
       def summary_xlsx(job):                      # job.params: what enqueue was given
           rows = ...
           job.progress(0, len(rows))              # optional: the bar's total
           for done, row in enumerate(rows, 1):
               ...
               job.progress(done)                  # cheap: one UPDATE, no audit event
           return jobs.Result("tong-hop.xlsx", content_bytes, jobs.XLSX)

   Raise `jobs.JobFailed(message)` for a failure the user can act on (shown as it is, so make it
   translatable); any other exception is logged and shown as a general failure. Work that must
   be all-or-nothing runs in its own `transaction.atomic()` inside the function.

2. Start it from a view and send the user to its page::

       return jobs.start(request, "awards.summary_xlsx", _("Summary of the sector"), unit=pk)

   `jobs.enqueue(user, kind, title, **params)` does the same without a request (returns the Job).
   Params must be JSON values (ids, not model instances).

The job page (`records:job`) shows a progress bar that follows the job without reloading
(static/js/jobs.js polls `records:job_status`), then the download (`records:job_result`) or the
failure message. Only the job's owner sees a job. Every job is in the audit trail: its creation
and its end (status, file or failure) are record changes of `records.Job`.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.shortcuts import redirect
from django.utils import timezone, translation
from django_tasks import task

from records.models import Job

logger = logging.getLogger(__name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_HANDLERS = {}


@dataclass
class Result:
    file_name: str
    content: bytes
    content_type: str


class JobFailed(Exception):
    """A failure whose message (already translated) the user is shown."""


def register(kind):
    def decorator(function):
        if kind in _HANDLERS:
            raise ValueError(f"job kind {kind!r} registered twice")
        _HANDLERS[kind] = function
        return function

    return decorator


def enqueue(user, kind, title, **params):
    """Record a job for `user` and queue it. In the database backend the queued task is a row
    written in the current transaction, like the job: a worker sees both once it commits."""
    if kind not in _HANDLERS:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(kind=kind, title=title, params=params, owner=user)
    run.enqueue(job.pk)
    return job


def start(request, kind, title, **params):
    job = enqueue(request.user, kind, title, **params)
    return redirect("records:job", pk=job.pk)


def _progress(job):
    def progress(done, total=None):
        values = {"done": done} if total is None else {"done": done, "total": total}
        Job.objects.filter(pk=job.pk).update(**values)  # no signal: not an audit event
        job.done = done
        job.total = job.total if total is None else total

    return progress


def _finish(job, **values):
    for name, value in values.items():
        setattr(job, name, value)
    job.finished_at = timezone.now()
    job.save()


@task()
def run(job_id):
    """The one task of the queue: runs the registered function of the job's kind."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    if job.status != Job.Status.WAITING:
        return  # taken already (a job is queued once; this guards a repeated delivery)
    job.status = Job.Status.RUNNING
    job.save(update_fields=["status"])
    job.progress = _progress(job)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            result = _HANDLERS[job.kind](job)
    except JobFailed as failure:
        _finish(job, status=Job.Status.FAILED, error=str(failure))
        return
    except Exception:
        logger.exception("background job %s (%s) failed", job.pk, job.kind)
        _finish(job, status=Job.Status.FAILED)  # the page says it failed, in the reader's words
        return
    _finish(
        job,
        status=Job.Status.DONE,
        done=job.total,
        file_name=result.file_name,
        content_type=result.content_type,
        result=result.content,
    )
