"""The background job queue (records.jobs): the job page, its progress, result and failure;
and a real worker process taking a job from PostgreSQL."""

import os
import subprocess
import sys
from io import BytesIO

import pytest
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from records import jobs
from records.models import AuditEvent, Job


@jobs.register("tests.echo")
def echo(job):
    job.progress(0, 3)
    if job.params.get("fail") == "told":
        raise jobs.JobFailed("Dòng 7: thiếu mã cán bộ.")
    if job.params.get("fail") == "crash":
        raise RuntimeError("disk full")
    job.progress(2)
    return jobs.Result("echo.txt", job.params["text"].encode(), "text/plain")


def test_a_job_runs_and_its_owner_downloads_the_result(personas, client_as):
    job = jobs.enqueue(personas.clerk, "tests.echo", "Echo", text="xin chào")
    job.refresh_from_db()
    assert (job.status, job.percent) == (Job.Status.DONE, 100)
    client = client_as(personas.clerk)
    page = client.get(reverse("records:job", args=[job.pk])).content.decode()
    assert reverse("records:job_result", args=[job.pk]) in page
    assert client.get(reverse("records:job_result", args=[job.pk])).content == "xin chào".encode()
    status = client.get(reverse("records:job_status", args=[job.pk])).json()
    assert status["finished"] and status["percent"] == 100
    # Another user's job does not exist for them.
    other = client_as(personas.officer_a)
    for name in ("records:job", "records:job_status", "records:job_result"):
        assert other.get(reverse(name, args=[job.pk])).status_code == 404
    # The job is in the audit trail: requested, then finished with its file.
    events = AuditEvent.objects.filter(object_type="records.job", object_id=str(job.pk))
    assert events.filter(action="created").exists()
    assert any(e.details.get("changes", {}).get("file_name") == ["", "echo.txt"] for e in events)


@pytest.mark.parametrize(
    ("fail", "message"),
    [("told", "Dòng 7: thiếu mã cán bộ."), ("crash", "Đã xảy ra lỗi ngoài dự kiến")],
)
def test_a_failed_job_says_why_and_offers_no_download(personas, client_as, fail, message):
    job = jobs.enqueue(personas.clerk, "tests.echo", "Echo", fail=fail)
    client = client_as(personas.clerk)
    page = client.get(reverse("records:job", args=[job.pk])).content.decode()
    assert message in page and "disk full" not in page
    assert client.get(reverse("records:job_result", args=[job.pk])).status_code == 404


def test_a_waiting_job_shows_its_progress_bar(personas, client_as):
    job = Job.objects.create(kind="tests.echo", title="Echo", owner=personas.clerk, total=4, done=1)
    page = client_as(personas.clerk).get(reverse("records:job", args=[job.pk])).content.decode()
    assert 'data-width="25"' in page and "js/jobs.js" in page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker test runs on PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_sector_summary(personas, client_as, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = client_as(personas.clerk)
    query = f"?unit={personas.province.pk}&year=2023"
    response = client.get(reverse("awards:summary_xlsx") + query)
    job = Job.objects.get()
    assert response.url == reverse("records:job", args=[job.pk]) and job.status == "waiting"
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/"
        f"{database['NAME']}",
        "TASKS_IN_PROCESS": "0",
    }
    command = [sys.executable, "manage.py", "db_worker", "--max-tasks", "1", "--no-reload"]
    subprocess.run(command, env=env, cwd=settings.BASE_DIR, timeout=120, check=True)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE
    download = client.get(reverse("records:job_result", args=[job.pk]))
    assert load_workbook(BytesIO(download.content)).worksheets[0].title == "Khen thưởng năm 2023"
