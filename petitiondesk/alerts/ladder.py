"""The escalation ladder as data, and when each level of a clock comes due; pure.

`Clock.alert_level` counts the levels already fired (0: none). A level fires at 00:00
local time of (due date + its `days`); `next_alert_at` is the instant the next unfired
level comes due, which the sweep finds through an index.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

CLOCK_KINDS = ("obligation", "window")
AUDIENCES = ("assignee", "handlers", "head", "supervisors", "counsel", "department",
             "supervision_office", "leadership")
_LEVEL_FIELDS = frozenset({"name", "days", "notify", "supervise"})


class LadderConfigError(ValueError):
    """A ladder file that is missing something or says something impossible."""


@dataclass(frozen=True)
class Level:
    """One rung: when it fires relative to the due date, and whom it tells."""

    name: str
    days: int
    notify: tuple[str, ...]
    supervise: bool = False


@dataclass(frozen=True)
class Ladder:
    """The levels of every clock kind, in firing order."""

    kinds: MappingProxyType

    def levels(self, kind: str) -> tuple[Level, ...]:
        """Return the levels of a clock kind (none for an unknown kind)."""
        return self.kinds.get(kind, ())


@dataclass(frozen=True)
class Escalation:
    """What a sweep at one instant owes a clock: the levels newly reached."""

    reached: tuple[Level, ...]
    new_level: int

    @property
    def top(self) -> Level:
        """Return the highest level reached: the one the mail speaks of."""
        return self.reached[-1]

    @property
    def audiences(self) -> tuple[str, ...]:
        """Return everyone the newly reached levels name, each once, in order."""
        seen: dict[str, None] = {}
        for level in self.reached:
            seen.update(dict.fromkeys(level.notify))
        return tuple(seen)

    @property
    def supervise(self) -> bool:
        """Return whether one of the reached levels puts the case under supervision."""
        return any(level.supervise for level in self.reached)


def level_instant(due_on: date, level: Level, tz: ZoneInfo) -> datetime:
    """Return the UTC instant a level of a clock due on `due_on` fires."""
    day = due_on + timedelta(days=level.days)
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)


def next_alert_at(due_on: date, level: int, ladder: Ladder, tz: ZoneInfo, *,
                  kind: str = "obligation") -> datetime | None:
    """Return when the first unfired level comes due, or None when all have fired."""
    levels = ladder.levels(kind)
    if level >= len(levels):
        return None
    return level_instant(due_on, levels[level], tz)


def escalation(due_on: date, level: int, ladder: Ladder, tz: ZoneInfo, *, kind: str,
               now: datetime) -> Escalation | None:
    """Return the levels above `level` that are due at `now`, or None if none is."""
    levels = ladder.levels(kind)
    reached = level
    while reached < len(levels) and level_instant(due_on, levels[reached], tz) <= now:
        reached += 1
    if reached == level:
        return None
    return Escalation(reached=tuple(levels[level:reached]), new_level=reached)


def load_ladder(path: Path) -> Ladder:
    """Read and check a ladder file."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise LadderConfigError(f"{path}: the escalation ladder file is missing") from exc
    except tomllib.TOMLDecodeError as exc:
        raise LadderConfigError(f"{path}: not valid TOML: {exc}") from exc
    try:
        return parse_ladder(raw)
    except LadderConfigError as exc:
        raise LadderConfigError(f"{path}: {exc}") from exc


def parse_ladder(raw: dict[str, Any]) -> Ladder:
    """Build a ladder from parsed TOML, refusing anything unclear."""
    unknown = sorted(set(raw) - set(CLOCK_KINDS))
    if unknown:
        raise LadderConfigError(f"unknown clock kind {unknown[0]!r}; use {CLOCK_KINDS}")
    kinds = {kind: _levels(kind, raw.get(kind, [])) for kind in CLOCK_KINDS}
    if not kinds["obligation"]:
        raise LadderConfigError("the obligation ladder needs at least one level")
    return Ladder(kinds=MappingProxyType(kinds))


def _levels(kind: str, entries: Any) -> tuple[Level, ...]:
    """Check the levels of one kind: well-formed, unique names, increasing days."""
    if not isinstance(entries, list):
        raise LadderConfigError(f"{kind} must be a list of levels ([[{kind}]] tables)")
    levels = tuple(_level(kind, i, entry) for i, entry in enumerate(entries, 1))
    names = [level.name for level in levels]
    if len(set(names)) != len(names):
        raise LadderConfigError(f"{kind}: level names must be unique, got {names}")
    for before, after in zip(levels, levels[1:], strict=False):
        if after.days <= before.days:
            raise LadderConfigError(
                f"{kind}: level {after.name!r} must come after {before.name!r} (days "
                f"{after.days} <= {before.days})")
    if kind == "window" and levels and levels[-1].days > 0:
        raise LadderConfigError(
            f"window: level {levels[-1].name!r} fires after the window lapsed; a window "
            "never counts as overdue, so its levels need days <= 0")
    return levels


def _level(kind: str, index: int, entry: Any) -> Level:
    """Check one level table."""
    where = f"{kind} level {index}"
    if not isinstance(entry, dict):
        raise LadderConfigError(f"{where} must be a table")
    extra = sorted(set(entry) - _LEVEL_FIELDS)
    if extra:
        raise LadderConfigError(f"{where}: unknown field {extra[0]!r}")
    name, days, notify = entry.get("name"), entry.get("days"), entry.get("notify")
    if not isinstance(name, str) or not name.isidentifier():
        raise LadderConfigError(f"{where}: name must be an identifier like 'overdue'")
    if not isinstance(days, int) or isinstance(days, bool):
        raise LadderConfigError(f"{kind} level {name!r}: days must be a whole number")
    if not isinstance(notify, list) or not notify:
        raise LadderConfigError(f"{kind} level {name!r}: notify must be a non-empty list")
    bad = [a for a in notify if a not in AUDIENCES]
    if bad:
        raise LadderConfigError(
            f"{kind} level {name!r}: unknown audience {bad[0]!r}; use {AUDIENCES}")
    supervise = entry.get("supervise", False)
    if not isinstance(supervise, bool):
        raise LadderConfigError(f"{kind} level {name!r}: supervise must be true or false")
    if supervise and kind == "window":
        raise LadderConfigError(f"window level {name!r}: a window never puts a case "
                                "under supervision")
    return Level(name=name, days=days, notify=tuple(notify), supervise=supervise)
