"""Fill empty Vietnamese translations from tab-separated `msgid<TAB>msgstr` lines on stdin.

    python scripts/fill_po.py < my-strings.tsv

Entries whose msgstr is empty are filled (msgids written over several lines included); nothing
already translated changes.
"""

import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale/vi/LC_MESSAGES/django.po"
ENTRY = re.compile(r'(^|\n)msgid ((?:"(?:[^"\\]|\\.)*"\n)+)msgstr ""\n(?!")')


def escape(text):
    return text.replace("\\", "\\\\").replace('"', '\\"')


def joined(quoted_lines):
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', quoted_lines))


pairs = {}
for line in sys.stdin.read().splitlines():
    if "\t" in line:
        msgid, msgstr = line.split("\t", 1)
        pairs[escape(msgid)] = escape(msgstr)

filled = 0


def fill(match):
    global filled
    msgid = joined(match.group(2))
    if msgid not in pairs:
        return match.group(0)
    filled += 1
    return f'{match.group(1)}msgid {match.group(2)}msgstr "{pairs[msgid]}"\n'


PO.write_text(ENTRY.sub(fill, PO.read_text(encoding="utf-8")), encoding="utf-8")
print(f"filled {filled} of {len(pairs)} translations")
