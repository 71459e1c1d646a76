"""Fill empty Vietnamese translations from tab-separated `msgid<TAB>msgstr` lines on stdin.

    python scripts/fill_po.py < my-strings.tsv

Only single-line msgids with an empty msgstr are filled; nothing already translated changes.
"""

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale/vi/LC_MESSAGES/django.po"


def escape(text):
    return text.replace("\\", "\\\\").replace('"', '\\"')


pairs = {}
for line in sys.stdin.read().splitlines():
    if "\t" in line:
        msgid, msgstr = line.split("\t", 1)
        pairs[escape(msgid)] = escape(msgstr)

text = PO.read_text(encoding="utf-8")
filled = 0


def fill(match):
    global filled
    msgid = match.group(2)
    if msgid in pairs:
        filled += 1
        return f'{match.group(1)}msgid "{msgid}"\nmsgstr "{pairs[msgid]}"\n'
    return match.group(0)


text = re.sub(r'(^|\n)msgid "(.+)"\nmsgstr ""\n(?!")', fill, text)
PO.write_text(text, encoding="utf-8")
print(f"filled {filled} of {len(pairs)} translations")
