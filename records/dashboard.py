"""Dashboard panels: each app registers, in its AppConfig.ready(), what waits for which role."""

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    """One box of the dashboard: `items(user)` returns what the box lists (at most `limit`)."""

    key: str
    title: Any
    empty_text: Any
    roles: tuple
    items: Any
    order: int = 100
    limit: int = 10
    template: str = "partials/_dashboard_panel.html"


_panels = {}


def register(panel):
    _panels[panel.key] = panel


def panels_for(user):
    """The panels this user's roles call for, each with its items, in a fixed order."""
    shown = sorted(
        (panel for panel in _panels.values() if user.has_role(*panel.roles)),
        key=lambda panel: (panel.order, panel.key),
    )
    return [{"panel": panel, "items": list(panel.items(user)[: panel.limit])} for panel in shown]
