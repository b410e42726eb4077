"""Routing: category, area and keywords to a department; pure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    """One routing rule as plain data."""

    id: int
    name: str
    priority: int
    department_code: str
    category: str | None = None
    area: str | None = None
    keywords: tuple[str, ...] = ()


def matches(route: Route, *, category: str, area: str | None, text: str) -> bool:
    """Return whether a rule's conditions all hold; any one keyword in the text suffices."""
    if route.category and route.category != category:
        return False
    if route.area and route.area != (area or ""):
        return False
    folded = text.casefold()
    return not route.keywords or any(k and k.casefold() in folded for k in route.keywords)


def choose_route(routes: list[Route], *, category: str, area: str | None,
                 text: str) -> Route | None:
    """Return the first matching rule by priority (then id), or None."""
    for route in sorted(routes, key=lambda r: (r.priority, r.id)):
        if matches(route, category=category, area=area, text=text):
            return route
    return None


def parse_keywords(raw: str | None) -> tuple[str, ...]:
    """Split a keyword list written with commas, Chinese commas or spaces."""
    if not raw:
        return ()
    for sep in ("，", "、", ";", "；", "\n", " "):
        raw = raw.replace(sep, ",")
    return tuple(k.strip() for k in raw.split(",") if k.strip())
