"""The awards work done in the background (records.jobs): the sector-wide exports."""

from awards import reports
from records import jobs
from records.models import Unit


@jobs.register("awards.summary_xlsx")
def summary_xlsx(job):
    """The yearly summary workbook of a unit's whole subtree (the sector: every row)."""
    unit = Unit.objects.get(pk=job.params["unit"])
    year = job.params["year"]
    job.progress(0, 2)
    result = reports.summary(unit, year)
    job.progress(1)
    content = reports.summary_xlsx(result)
    return jobs.Result(f"tong-hop-khen-thuong-{unit.code}-{year}.xlsx", content, jobs.XLSX)
