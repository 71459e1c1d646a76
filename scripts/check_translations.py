"""Fail when a user-visible string has no Vietnamese translation.

Regenerates the catalogue from the source (as `make messages` does) into a scratch copy and
reports every msgid whose Vietnamese msgstr is empty or fuzzy.
"""

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = Path("locale/vi/LC_MESSAGES/django.po")
IGNORE = ["--ignore=.venv", "--ignore=node_modules", "--ignore=staticfiles", "--ignore=tests"]


def untranslated(po_text):
    missing = []
    for block in po_text.split("\n\n"):
        if "msgid" not in block or 'msgid ""\nmsgstr ""\n"Project' in block:
            continue
        if block.lstrip().startswith("#~"):
            continue
        msgid = " ".join(re.findall(r'msgid "(.*)"', block)) or block
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block
        empty_strings = re.findall(r'msgstr(?:\[\d\])? ""\n(?!")', block + "\n")
        if fuzzy or empty_strings:
            missing.append(msgid)
    return missing


with tempfile.TemporaryDirectory() as scratch:
    copy = Path(scratch) / "project"
    shutil.copytree(
        ROOT, copy, ignore=shutil.ignore_patterns(".venv", "node_modules", ".git", "staticfiles")
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", *IGNORE],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    missing = untranslated((copy / PO).read_text(encoding="utf-8"))
    # A translation whose placeholders differ from the original would fail at compile time.
    subprocess.run(["msgfmt", "--check-format", "-o", "/dev/null", str(ROOT / PO)], check=True)

if missing:
    print(f"{len(missing)} strings lack a Vietnamese translation (run `make messages`, then")
    print(f"translate them in {PO}):")
    for msgid in missing:
        print("  -", msgid)
    sys.exit(1)
print("Every user-visible string has a Vietnamese translation.")
