"""`manage.py check --database default`: warns when the app's PostgreSQL role could rewrite the
audit trail (it owns the table, so it can disable the trigger, or it is a superuser)."""

from django.core.checks import Tags, Warning, register
from django.db import connections

ROLE_SQL = """
SELECT r.rolsuper, pg_get_userbyid(c.relowner) = current_user
FROM pg_roles r, pg_class c
WHERE r.rolname = current_user AND c.oid = to_regclass('records_auditevent')
"""


@register(Tags.database)
def audit_role_check(databases=None, **kwargs):
    warnings = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute(ROLE_SQL)
            row = cursor.fetchone()
        if row is None:
            continue
        superuser, owner = row
        if superuser or owner:
            warnings.append(
                Warning(
                    "The application's database role can rewrite the audit trail.",
                    hint=(
                        "Connect the app servers as a role that neither owns records_auditevent "
                        "nor is a superuser, and run migrations as the owner role (README, "
                        "production set-up)."
                    ),
                    id="records.W001",
                )
            )
    return warnings
