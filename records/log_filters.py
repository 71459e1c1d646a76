"""Logging filters: the logs must not carry personal data."""

import logging
import re

# A person's page names them by staff code: /people/<staff code>/...
PERSONAL_PATHS = re.compile(r"(/people/)[^/?#\s]+")


def redact(value):
    return PERSONAL_PATHS.sub(r"\1…", value) if isinstance(value, str) else value


class RedactPersonalData(logging.Filter):
    """Replaces the staff codes in the paths that Django logs (404s, refused requests)."""

    def filter(self, record):
        record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) for arg in record.args)
        return True
