"""One register row read into what petitiondesk stores, or every reason it cannot be; pure."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from petitiondesk.cases.enums import CHANNELS, OUTCOMES, TRACKS
from petitiondesk.cases.identity import id_number_problem
from petitiondesk.cases.lifecycle import REPLYING
from petitiondesk.imports.mapping import Layout, Mapping, header_key
from petitiondesk.legal.chain import outcome_problem

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (with Excel's 1900 leap day)
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
                   r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
DATE_FIELDS = ("received_on", "accepted_on", "reply_on", "closed_on", "complaint_served_on")
LIMITS = {"register_number": 60, "name": 200, "title": 300, "phone": 40, "address": 400,
          "area": 60, "court": 200, "court_case_number": 100, "matter": 60,
          "description": 20000, "reply_text": 20000}


@dataclass
class Problem:
    """Why one cell of one row cannot be imported."""

    row: int
    column: str  # the header as the register writes it
    reason: str


@dataclass
class RegisterRow:
    """A good row, in petitiondesk's terms."""

    row: int
    register_number: str
    received_on: date
    name: str
    title: str
    track: str
    channel: str
    category: str
    values: dict = field(default_factory=dict)  # the optional fields present

    def get(self, name: str, default=None):
        """Return an optional field."""
        return self.values.get(name, default)


def text(value) -> str:
    """Return a cell as trimmed text, full-width letters and digits made half-width."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def parse_date(value) -> date | None:
    """Return a date from a cell: a date, an Excel serial, or text in the usual forms."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return EXCEL_EPOCH + timedelta(days=int(value)) if 1 <= value < 2958466 else None
    raw = text(value)
    found = _DATE.match(raw) or _COMPACT_DATE.match(raw)
    if found is None:
        return EXCEL_EPOCH + timedelta(days=int(raw)) if raw.isdigit() and len(raw) <= 5 \
            else None
    try:
        return date(*(int(g) for g in found.groups()))
    except ValueError:
        return None


class RowReader:
    """Read rows of one register layout against one mapping, as of `today`."""

    def __init__(self, layout: Layout, mapping: Mapping, *, today: date):
        self.layout, self.mapping, self.today = layout, mapping, today
        has_court_no = "court_case_number" in layout.columns
        self.default_track = mapping.defaults.get(
            "track_with_court_case_number" if has_court_no else "track", "petition")

    def header(self, name: str) -> str:
        """Return the register's own header of a field."""
        col = self.layout.columns.get(name)
        return (self.layout.headers[col] if col is not None else "") or name

    def cell(self, cells: list, name: str):
        """Return the raw cell of a field, or None when the register has no such column."""
        col = self.layout.columns.get(name)
        return cells[col] if col is not None and col < len(cells) else None

    def read(self, number: int, cells: list) -> RegisterRow | list[Problem]:
        """Return the row, or every problem in it."""
        problems: list[Problem] = []

        def bad(name: str, reason: str) -> None:
            problems.append(Problem(number, self.header(name), reason))

        values = {n: text(self.cell(cells, n)) for n in self.layout.columns
                  if n not in DATE_FIELDS}
        for name in ("register_number", "name", "title"):
            if not values.get(name):
                bad(name, "required, but empty")
        for name, limit in LIMITS.items():
            if len(values.get(name, "")) > limit:
                bad(name, f"longer than {limit} characters")
        dates = self._dates(cells, bad)
        id_number = values.get("id_number", "").upper()
        if id_number and (why := id_number_problem(id_number)):
            bad("id_number", why)
        track, channel, category = self._kinds(values, bad)
        outcome = self._outcome(values, track, dates, bad)
        if problems:
            return problems
        extra = {k: v for k, v in values.items() if v and k not in (
            "register_number", "name", "title", "track", "channel", "category", "outcome")}
        extra.update({k: v for k, v in dates.items() if v and k != "received_on"})
        if id_number:
            extra["id_number"] = id_number
        if outcome:
            extra["outcome"] = outcome
        return RegisterRow(row=number, register_number=values["register_number"],
                           received_on=dates["received_on"], name=values["name"],
                           title=values["title"], track=track, channel=channel,
                           category=category, values=extra)

    def _dates(self, cells: list, bad) -> dict[str, date | None]:
        """Read every date column; check they are real, not in the future, and in order."""
        dates: dict[str, date | None] = {}
        for name in DATE_FIELDS:
            raw = self.cell(cells, name)
            if name not in self.layout.columns or text(raw) == "":
                if name == "received_on":
                    bad(name, "required, but empty")
                dates[name] = None
                continue
            dates[name] = parse_date(raw)
            if dates[name] is None:
                bad(name, f"not a date: {text(raw)[:40]!r}")
            elif dates[name] > self.today:
                bad(name, "in the future")
        received = dates.get("received_on")
        for name in ("accepted_on", "reply_on", "closed_on"):
            if received and dates.get(name) and dates[name] < received:
                bad(name, "before the date received")
        return dates

    def _kinds(self, values: dict, bad) -> tuple[str, str, str]:
        """Return track, channel and category from the register's words or the defaults."""
        d = self.mapping.defaults
        track = self._mapped("track", values, TRACKS, self.default_track, bad)
        channel_default = d.get("channel_litigation" if track == "litigation" else "channel",
                                "letter")
        channel = self._mapped("channel", values, CHANNELS, channel_default, bad)
        category = self.mapping.value("category", values.get("category", "")) or \
            values.get("category") or d.get("category", "other")
        return track, channel, category[:60]

    def _mapped(self, name: str, values: dict, allowed, default: str, bad) -> str:
        raw = values.get(name, "")
        if not raw:
            return default
        value = self.mapping.value(name, raw) or (raw if raw in allowed else None)
        if value not in allowed:
            bad(name, f"unknown {name}: {raw[:40]!r}")
            return default
        return value

    def _outcome(self, values: dict, track: str, dates: dict, bad) -> str | None:
        """Return the outcome of a replied or closed row; check the history fits the track."""
        if dates.get("reply_on") and track not in REPLYING:
            bad("reply_on", f"a {track} case has no reply; give its closing date only")
        if not (dates.get("reply_on") or dates.get("closed_on")):
            return None
        raw = values.get("outcome", "")
        found = self.mapping.value("outcome", raw) if raw else \
            self.mapping.values.get("default_outcome", {}).get(header_key(track))
        if found not in OUTCOMES:
            bad("outcome" if raw else "closed_on", f"unknown outcome: {raw[:40]!r}")
        elif dates.get("closed_on") and (why := outcome_problem(track=track, kind=None,
                                                                outcome=found)):
            bad("outcome" if raw else "closed_on", why)
        return found
