"""Near-duplicate detection: earlier initiatives (any year, any unit) whose title or summary
resembles the one at hand. Plain Python over one query of the stored folded text
(`Initiative.search_text`), so it behaves alike on SQLite and PostgreSQL."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from initiatives.models import Initiative
from records.text import fold

# Below this similarity an earlier initiative is not worth showing.
THRESHOLD = 0.6
WORD = re.compile(r"\w+")


def search_text(title, summary):
    """What `Initiative.search_text` stores: title and summary folded (no case, no diacritics),
    on two lines."""
    return f"{fold(title)}\n{fold(summary)}".replace("\r", " ")


@dataclass(frozen=True)
class Words:
    """The words of an initiative's title (in order) and of its title and summary (as a set)."""

    title: tuple
    every: frozenset

    @classmethod
    def of(cls, text):
        title, _newline, summary = text.partition("\n")
        title_words = tuple(WORD.findall(title))
        return cls(title_words, frozenset(title_words).union(WORD.findall(summary)))


class Probe:
    """The initiative at hand, compared with many others: `compare(words)` gives the larger of
    the titles' word-sequence similarity and the word overlap (Jaccard) of title and summary
    together, from 0 to 1."""

    def __init__(self, words):
        self.words = words
        # difflib indexes its second sequence: index the probe once for every comparison.
        self.matcher = SequenceMatcher(None, autojunk=False)
        self.matcher.set_seq2(words.title)

    def compare(self, other):
        union = self.words.every | other.every
        overlap = len(self.words.every & other.every) / len(union) if union else 0
        if not (self.words.title and other.title and self.words.every & other.every):
            return overlap
        self.matcher.set_seq1(other.title)
        return max(self.matcher.ratio(), overlap)


def similarity(title_a, summary_a, title_b, summary_b):
    probe = Probe(Words.of(search_text(title_a, summary_a)))
    return probe.compare(Words.of(search_text(title_b, summary_b)))


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


def similar_to(title, summary, exclude=None, limit=5, threshold=THRESHOLD):
    """The `limit` most similar other initiatives, most similar first. One query."""
    probe = Probe(Words.of(search_text(title, summary)))
    candidates = Initiative.objects.exclude(pk=exclude).values_list(
        "pk", "code", "title", "search_text", "year", "unit__name"
    )
    matches = []
    for pk, code, other_title, text, year, unit in candidates.order_by():
        figure = probe.compare(Words.of(text))
        if figure >= threshold:
            matches.append(Match(pk, code, other_title, year, unit, figure))
    matches.sort(key=lambda match: (-match.similarity, match.pk))
    return matches[:limit]
