"""Litigation/petition separation: which categories go to which legal channel; pure."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any


class DiversionConfigError(ValueError):
    """A diversion map that names an unknown channel or lacks a field."""


@dataclass(frozen=True)
class Channel:
    """A legal channel a petitioner can be guided to."""

    key: str
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class DiversionMap:
    """Legal channels and the categories proposed for each."""

    channels: MappingProxyType
    categories: MappingProxyType
    bases: MappingProxyType

    def proposal(self, *, category: str, track: str) -> str | None:
        """Return the proposed channels joined by "/", or None when the case stays a petition."""
        if track != "petition" or category not in self.categories:
            return None
        return "/".join(self.categories[category])

    def basis(self, category: str) -> str | None:
        """Return the legal basis of a category's diversion."""
        return self.bases.get(category)


def parse_diversion(data: dict[str, Any]) -> DiversionMap:
    """Build the diversion map from parsed TOML, checking every channel it names."""
    channels = {}
    for key, entry in (data.get("channels") or {}).items():
        if not isinstance(entry, dict) or not entry.get("label_zh") or not entry.get("label_en"):
            raise DiversionConfigError(f"channel {key!r} needs label_zh and label_en")
        channels[key] = Channel(key=key, label_zh=entry["label_zh"], label_en=entry["label_en"])
    categories, bases = {}, {}
    for category, entry in (data.get("categories") or {}).items():
        named = tuple(entry.get("channels") or ())
        if not named:
            raise DiversionConfigError(f"category {category!r} names no channel")
        unknown = [c for c in named if c not in channels]
        if unknown:
            raise DiversionConfigError(f"category {category!r} names unknown channels {unknown}")
        categories[category] = named
        bases[category] = entry.get("basis")
    return DiversionMap(MappingProxyType(channels), MappingProxyType(categories),
                        MappingProxyType(bases))


def load_diversion(path: Path) -> DiversionMap:
    """Read the diversion map from a TOML file; an absent file diverts nothing."""
    if not path.is_file():
        return parse_diversion({})
    with path.open("rb") as fh:
        return parse_diversion(tomllib.load(fh))
