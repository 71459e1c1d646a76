"""Near-duplicate detection: earlier initiatives (any year, any unit) whose title or summary
resembles the one at hand. Plain Python over one query, so it behaves alike on SQLite and
PostgreSQL."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from initiatives.models import Initiative
from records.text import fold

# Below this similarity an earlier initiative is not worth showing.
THRESHOLD = 0.5
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Match:
    """An earlier initiative and how similar it is (0 to 1)."""

    pk: int
    code: str
    title: str
    year: int
    unit: str
    similarity: float

    @property
    def percent(self):
        return round(self.similarity * 100)


def words(text):
    return set(WORD.findall(fold(text)))


def similarity(title_a, summary_a, title_b, summary_b):
    """The larger of the titles' character similarity and the word overlap (Jaccard) of title
    and summary together."""
    folded_a, folded_b = fold(title_a), fold(title_b)
    titles = SequenceMatcher(None, folded_a, folded_b).ratio() if folded_a and folded_b else 0
    words_a = words(f"{title_a} {summary_a}")
    words_b = words(f"{title_b} {summary_b}")
    union = words_a | words_b
    overlap = len(words_a & words_b) / len(union) if union else 0
    return max(titles, overlap)


def similar_to(title, summary, exclude=None, limit=5, threshold=THRESHOLD):
    """The `limit` most similar other initiatives, most similar first. One query."""
    candidates = Initiative.objects.exclude(pk=exclude).values_list(
        "pk", "code", "title", "summary", "year", "unit__name"
    )
    matches = []
    for pk, code, other_title, other_summary, year, unit in candidates.order_by():
        figure = similarity(title, summary, other_title, other_summary)
        if figure >= threshold:
            matches.append(Match(pk, code, other_title, year, unit, figure))
    matches.sort(key=lambda match: (-match.similarity, match.pk))
    return matches[:limit]
