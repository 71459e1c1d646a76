"""Checks of uploaded documents (dossier files, initiative attachments): the extension, the first
bytes and the size must agree. Files are stored under generated names, never the uploaded one."""

import unicodedata

from django.utils.translation import gettext as _

MAX_FILE_SIZE = 20 * 1024 * 1024
ALLOWED_FILES = {
    ".pdf": ("application/pdf", [b"%PDF-"]),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [b"PK\x03\x04"],
    ),
    ".jpg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".jpeg": ("image/jpeg", [b"\xff\xd8\xff"]),
    ".png": ("image/png", [b"\x89PNG\r\n\x1a\n"]),
}


def extension_of(upload):
    name = upload.name.lower()
    return name[name.rfind(".") :] if "." in name else ""


def upload_problem(upload, max_size=MAX_FILE_SIZE):
    """Why `upload` is refused (PDF, DOCX, JPEG or PNG up to `max_size`), or None."""
    extension = extension_of(upload)
    if extension not in ALLOWED_FILES:
        return _("Only PDF, DOCX, JPEG and PNG files are accepted.")
    if upload.size > max_size:
        return _("The file is larger than 20 MB.")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED_FILES[extension][1]):
        return _("The file's content does not match its type.")
    return None


def content_type_of(upload):
    return ALLOWED_FILES[extension_of(upload)][0]


def safe_file_name(name, limit=255):
    """The name an uploaded file is shown and downloaded under: no folders, no control or
    invisible formatting characters (bidirectional overrides included), at most `limit` long."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    kept = "".join(char for char in base if unicodedata.category(char) not in {"Cc", "Cf"})
    kept = kept.strip().strip(".") or "file"
    return kept[-limit:]
