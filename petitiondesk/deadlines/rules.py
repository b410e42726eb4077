"""Deadline rules as data, read from a TOML file the deployment can edit; pure.

Provinces have stricter local rules and laws change, so lengths, units, extensions
and legal bases live in `config/deadlines.toml`, not in code. The loader checks the
file thoroughly: a typo there would silently move every deadline of a kind.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from petitiondesk.deadlines.compute import UNITS

RULE_KINDS = ("obligation", "window")

# Kept in step with petitiondesk.accounts.roles.ROLES; duplicated so the pure
# deadline engine imports nothing from the rest of the application.
KNOWN_ROLES = ("clerk", "handler", "head", "supervisor", "counsel", "admin", "auditor")

OBLIGATION_KEYS = (
    "petition.notify",
    "transfer.object",
    "petition.handle",
    "petition.review",
    "petition.rereview",
    "reconsideration.accept",
    "reconsideration.reply",
    "reconsideration.decide",
    "litigation.answer",
    "litigation.appeal",
    "mediation.conclude",
    "arbitration.award",
    "legal.guidance",
)
WINDOW_KEYS = (
    "window.review_request",
    "window.rereview_request",
    "window.reconsideration",
    "window.lawsuit",
)
REQUIRED_KEYS = frozenset(OBLIGATION_KEYS + WINDOW_KEYS)

# Kept in step with petitiondesk.documents.kinds.KINDS, for the same reason as KNOWN_ROLES.
DOCUMENT_KINDS = ("acceptance_notice", "rejection_notice", "forward_notice", "extension_notice",
                  "reply_opinion", "review_opinion", "rereview_opinion", "defence_cover",
                  "reconsideration_reply_cover")

DEFAULT_DUE_SOON_DAYS = 3

_RULE_KEY = re.compile(r"[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+")
_TEXT_FIELDS = ("kind", "starts_on", "unit", "basis", "label_zh", "label_en")
_OPTIONAL_FIELDS = ("max_extension", "extension_unit", "approver_role", "variants",
                    "met_by_service")
_RULE_FIELDS = frozenset(_TEXT_FIELDS + _OPTIONAL_FIELDS + ("length",))


class RuleConfigError(ValueError):
    """A deadline rule file that is missing something or says something impossible."""


class Variant(NamedTuple):
    """An alternative period of a rule (e.g. the simplified procedure); no extension."""

    length: int
    unit: str


@dataclass(frozen=True, kw_only=True)
class DeadlineRule:
    """One statutory period: what starts it, how long it runs, and on what basis."""

    key: str
    kind: str
    starts_on: str
    length: int
    unit: str
    basis: str
    label_zh: str
    label_en: str
    max_extension: int = 0
    extension_unit: str | None = None
    approver_role: str | None = None
    variants: Mapping[str, Variant] = field(default_factory=dict, hash=False)
    # notice documents whose recorded service (送达) meets this clock
    met_by_service: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Frozen: fill the default and freeze the mapping through object.__setattr__.
        if self.extension_unit is None:
            object.__setattr__(self, "extension_unit", self.unit)
        object.__setattr__(self, "variants", MappingProxyType(dict(self.variants)))

    def period(self, variant: str | None = None) -> Variant:
        """Return (length, unit) of the rule or of one of its variants."""
        if variant is None:
            return Variant(self.length, self.unit)
        try:
            return self.variants[variant]
        except KeyError:
            raise ValueError(f"rule {self.key!r} has no variant {variant!r}") from None

    def max_extension_for(self, variant: str | None = None) -> int:
        """Return how many units the period may be extended by (variants: none)."""
        self.period(variant)
        return self.max_extension if variant is None else 0


@dataclass(frozen=True)
class RuleSet(Mapping[str, DeadlineRule]):
    """The loaded rules by key, plus the settings that go with them."""

    rules: Mapping[str, DeadlineRule]
    due_soon_days: int = DEFAULT_DUE_SOON_DAYS

    def __post_init__(self) -> None:
        object.__setattr__(self, "rules", MappingProxyType(dict(self.rules)))

    def __getitem__(self, key: str) -> DeadlineRule:
        return self.rules[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


def load_rules(path: str | Path) -> RuleSet:
    """Read and check a deadline rule file; raise RuleConfigError naming what is wrong."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise RuleConfigError(f"{path}: cannot read rules: {exc}") from None
    return parse_rules(data, source=str(path))


def parse_rules(data: Mapping[str, Any], *, source: str = "rules") -> RuleSet:
    """Check decoded TOML data and build the rule set."""
    _reject_unknown(data, {"settings", "rules"}, f"{source}: unknown top-level table")
    rules_table = _table(data.get("rules"), f"{source}: [rules]")
    rules = {key: _parse_rule(key, table, source) for key, table in rules_table.items()}
    missing = sorted(REQUIRED_KEYS - rules.keys())
    if missing:
        raise RuleConfigError(f"{source}: missing rules: {', '.join(missing)}")
    return RuleSet(rules, due_soon_days=_parse_settings(data.get("settings", {}), source))


def _parse_settings(settings: Any, source: str) -> int:
    """Return due_soon_days from the [settings] table."""
    settings = _table(settings, f"{source}: [settings]")
    _reject_unknown(settings, {"due_soon_days"}, f"{source}: [settings]: unknown setting")
    days = settings.get("due_soon_days", DEFAULT_DUE_SOON_DAYS)
    if not _is_int(days) or days < 0:
        raise RuleConfigError(
            f"{source}: [settings]: due_soon_days must be a whole number >= 0, got {days!r}"
        )
    return days


def _parse_rule(key: str, table: Any, source: str) -> DeadlineRule:
    """Check one [rules."key"] table and build its rule."""
    where = f"{source}: rule {key!r}"
    if not _RULE_KEY.fullmatch(key):
        raise RuleConfigError(f"{where}: key must look like 'area.name' in lower case")
    table = _table(table, where)
    _reject_unknown(table, _RULE_FIELDS, f"{where}: unknown field")
    text = {name: _text(table, name, where) for name in _TEXT_FIELDS}
    _choice(text["kind"], RULE_KINDS, "kind", where)
    _choice(text["unit"], UNITS, "unit", where)
    max_extension = _count(table.get("max_extension", 0), "max_extension", where, minimum=0)
    extension_unit = table.get("extension_unit", text["unit"])
    _choice(extension_unit, UNITS, "extension_unit", where)
    approver = table.get("approver_role")
    if approver is not None:
        _choice(approver, KNOWN_ROLES, "approver_role", where)
    elif max_extension:
        raise RuleConfigError(f"{where}: approver_role is required when max_extension > 0")
    return DeadlineRule(
        key=key,
        length=_count(table.get("length"), "length", where, minimum=1),
        max_extension=max_extension,
        extension_unit=extension_unit,
        approver_role=approver,
        variants=_parse_variants(table.get("variants", {}), where),
        met_by_service=_parse_kinds(table.get("met_by_service", []), where),
        **text,
    )


def _parse_variants(table: Any, where: str) -> dict[str, Variant]:
    """Check a rule's variants table: name -> {length, unit}."""
    variants = {}
    for name, spec in _table(table, f"{where}: variants").items():
        at = f"{where}: variant {name!r}"
        spec = _table(spec, at)
        _reject_unknown(spec, {"length", "unit"}, f"{at}: unknown field")
        unit = _text(spec, "unit", at)
        _choice(unit, UNITS, "unit", at)
        variants[name] = Variant(_count(spec.get("length"), "length", at, minimum=1), unit)
    return variants


def _parse_kinds(value: Any, where: str) -> tuple[str, ...]:
    """Check met_by_service: a list of document kinds."""
    if not isinstance(value, list):
        raise RuleConfigError(f"{where}: met_by_service must be a list, got {value!r}")
    for kind in value:
        _choice(kind, DOCUMENT_KINDS, "met_by_service", where)
    return tuple(value)


def _table(value: Any, where: str) -> Mapping[str, Any]:
    if value is None:
        raise RuleConfigError(f"{where}: missing")
    if not isinstance(value, Mapping):
        raise RuleConfigError(f"{where}: must be a table, got {value!r}")
    return value


def _reject_unknown(table: Mapping[str, Any], allowed: Iterable[str], what: str) -> None:
    unknown = sorted(set(table) - set(allowed))
    if unknown:
        raise RuleConfigError(f"{what} {unknown[0]!r}")


def _text(table: Mapping[str, Any], name: str, where: str) -> str:
    value = table.get(name)
    if value is None:
        raise RuleConfigError(f"{where}: {name} is required")
    if not isinstance(value, str) or not value.strip():
        raise RuleConfigError(f"{where}: {name} must be non-empty text, got {value!r}")
    return value


def _choice(value: Any, options: tuple[str, ...], name: str, where: str) -> None:
    if value not in options:
        raise RuleConfigError(f"{where}: {name} must be one of {', '.join(options)}, got {value!r}")


def _count(value: Any, name: str, where: str, *, minimum: int) -> int:
    if value is None:
        raise RuleConfigError(f"{where}: {name} is required")
    if not _is_int(value) or value < minimum:
        kind = "positive whole number" if minimum == 1 else f"whole number >= {minimum}"
        raise RuleConfigError(f"{where}: {name} must be a {kind}, got {value!r}")
    return value


def _is_int(value: Any) -> bool:
    # TOML booleans decode to bool, which is an int subclass; `true` is not a length.
    return isinstance(value, int) and not isinstance(value, bool)
