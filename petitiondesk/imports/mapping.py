"""The register mapping (config/register_import.toml) and header detection; pure."""

from __future__ import annotations

import tomllib
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HEADER_ROWS = 10  # the header is looked for within the first rows


def header_key(text) -> str:
    """Return a header or value compared loosely: half-width, no blanks or punctuation."""
    text = unicodedata.normalize("NFKC", "" if text is None else str(text))
    return "".join(ch for ch in text if ch.isalnum()).lower()


@dataclass(frozen=True)
class Mapping:
    """Which headers name which field, the value tables and the defaults."""

    headers: dict[str, tuple[str, ...]]
    required: frozenset[str]
    values: dict[str, dict[str, str]]
    defaults: dict[str, str]

    def value(self, field: str, text: str) -> str | None:
        """Return the stored value for what a register wrote in `field`, or None."""
        return self.values.get(field, {}).get(header_key(text))


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file."""
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    columns = raw.get("columns") or {}
    if not columns:
        raise ValueError(f"{path.name}: no [columns.*] tables")
    headers = {f: tuple(header_key(h) for h in spec.get("headers", [])) for f, spec in
               columns.items()}
    # each table also knows its stored values by themselves (a register may write `visit`)
    values = {f: {**{header_key(v): v for v in table.values()},
                  **{header_key(k): v for k, v in table.items()}}
              for f, table in (raw.get("values") or {}).items()}
    return Mapping(headers=headers,
                   required=frozenset(f for f, s in columns.items() if s.get("required")),
                   values=values, defaults=dict(raw.get("defaults") or {}))


@dataclass(frozen=True)
class Layout:
    """Where the header is and which column (0-based) holds each field."""

    header_row: int  # 1-based, as the spreadsheet numbers rows
    columns: dict[str, int]
    headers: tuple[str, ...]


def detect(rows: list[tuple[int, list]], mapping: Mapping) -> Layout | list[str]:
    """Return the layout of the first row naming every required field, or what is missing."""
    best: tuple[int, set[str]] = (0, set())
    for number, cells in rows[:HEADER_ROWS]:
        columns = match_headers(cells, mapping)
        if mapping.required <= columns.keys():
            return Layout(number, columns, tuple(str(c or "") for c in cells))
        if len(columns) > len(best[1]):
            best = (number, set(columns))
    return sorted(mapping.required - best[1])


def match_headers(cells: list, mapping: Mapping) -> dict[str, int]:
    """Return field → column for one candidate header row: exact names first, then parts."""
    keys = [header_key(c) for c in cells]
    found: dict[str, int] = {}
    aliases = {name for names in mapping.headers.values() for name in names}
    # a column named exactly as some field is never taken by another field's partial match
    taken: set[int] = {col for col, key in enumerate(keys) if key in aliases}
    for exact in (True, False):
        for field, names in mapping.headers.items():
            if field in found:
                continue
            for name in names:
                col = _find(keys, name, set(found.values()) if exact else taken, exact)
                if col is not None:
                    found[field], _ = col, taken.add(col)
                    break
    return found


def _find(keys: list[str], name: str, taken: set[int], exact: bool) -> int | None:
    for col, key in enumerate(keys):
        if col in taken or not key:
            continue
        if key == name if exact else (len(name) > 1 and name in key):
            return col
    return None
