"""Sections that other apps add to the person page, registered from their AppConfig.ready()
(records imports no other app, so it cannot name them itself)."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    """A heading and a template rendered with `person` (and the page's context) in scope."""

    key: str
    title: Any
    template: str
    order: int = 100


_sections = {}


def register(section):
    _sections[section.key] = section


def all_sections():
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))
