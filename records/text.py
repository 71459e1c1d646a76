"""Text helpers shared by search and imports."""

import unicodedata


def fold(text):
    """Lower-case `text` without Vietnamese diacritics, so "nguyen van" matches "Nguyễn Văn"."""
    decomposed = unicodedata.normalize("NFD", text or "")
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.replace("đ", "d").replace("Đ", "D").lower().strip()
