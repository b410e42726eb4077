"""Which matters are legacy candidates, and why; pure.

The thresholds come from config/legacy.toml. The database groups cases by matter and
keeps only the matters that meet some criterion (legal/candidates.py); this module says
which criteria a matter met, from the per-matter figures that query returns.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from petitiondesk.deadlines.compute import add_months

# the reasons a matter can be a candidate, in the order they are shown
REASONS = ("open_long", "many_petitions", "legacy_flag", "policy_change_flag",
           "rereview_then_petitioned")


class LegacyConfigError(ValueError):
    """config/legacy.toml is malformed."""


@dataclass(frozen=True)
class LegacyCriteria:
    """The thresholds; a zero count or a false flag switches a criterion off."""

    open_longer_than_months: int = 12
    min_petitions: int = 3
    flags: bool = True
    rereview_then_petitioned: bool = True

    def open_before(self, today: date) -> date | None:
        """Return the day a matter must have been first received before to count as old."""
        if not self.open_longer_than_months:
            return None
        return add_months(today, -self.open_longer_than_months)


@dataclass(frozen=True)
class MatterFacts:
    """One matter's figures, as the grouped query returns them."""

    first_received_on: date
    open_cases: int
    petitions: int
    legacy_flag: bool
    policy_change_flag: bool
    not_accepted_again: int


def reasons(facts: MatterFacts, criteria: LegacyCriteria, *, today: date) -> list[str]:
    """Return the criteria the matter meets, in display order."""
    cutoff = criteria.open_before(today)
    met = {
        "open_long": cutoff is not None and facts.open_cases > 0
        and facts.first_received_on < cutoff,
        "many_petitions": bool(criteria.min_petitions)
        and facts.petitions >= criteria.min_petitions,
        "legacy_flag": criteria.flags and facts.legacy_flag,
        "policy_change_flag": criteria.flags and facts.policy_change_flag,
        "rereview_then_petitioned": criteria.rereview_then_petitioned
        and facts.not_accepted_again > 0,
    }
    return [name for name in REASONS if met[name]]


def load_criteria(path: str | Path) -> LegacyCriteria:
    """Read and check the criteria file."""
    with open(path, "rb") as fh:
        try:
            data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise LegacyConfigError(f"{path}: {exc}") from exc
    return parse_criteria(data, source=str(path))


def parse_criteria(data: Mapping[str, Any], *, source: str = "legacy") -> LegacyCriteria:
    """Return the criteria from parsed TOML, refusing unknown keys and wrong types."""
    table = data.get("criteria", {})
    if not isinstance(table, Mapping) or set(data) - {"criteria"}:
        raise LegacyConfigError(f"{source}: expected a single [criteria] table")
    defaults = LegacyCriteria()
    unknown = set(table) - set(defaults.__dataclass_fields__)
    if unknown:
        raise LegacyConfigError(f"{source}: unknown criteria {', '.join(sorted(unknown))}")
    values = {}
    for name in defaults.__dataclass_fields__:
        value = table.get(name, getattr(defaults, name))
        expected = type(getattr(defaults, name))
        if type(value) is not expected or (expected is int and value < 0):
            raise LegacyConfigError(f"{source}: {name} must be a {expected.__name__}"
                                    + (" of 0 or more" if expected is int else ""))
        values[name] = value
    return LegacyCriteria(**values)
