"""Load a year's holiday calendar and recompute the open clocks it touches."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, extract, or_

from petitiondesk.cases import timeline
from petitiondesk.cases.models import Case
from petitiondesk.deadlines import service as clocks
from petitiondesk.deadlines.calendar import CalendarEntry, parse_calendar_csv
from petitiondesk.deadlines.models import CalendarDay, CalendarYear, Clock
from petitiondesk.extensions import db


def import_calendar(*, entries: list[CalendarEntry], source: str, now: datetime,
                    actor=None) -> dict:
    """Replace the calendar of the entries' years and recompute open clocks; return counts."""
    years = sorted({e.day.year for e in entries})
    for year in years:
        db.session.execute(delete(CalendarDay).where(extract("year", CalendarDay.day) == year))
        row = db.session.get(CalendarYear, year) or CalendarYear(year=year)
        row.loaded_at, row.source = now, source
        db.session.add(row)
    db.session.add_all(CalendarDay(day=e.day, kind=e.kind, name=e.name) for e in entries)
    db.session.flush()
    clocks.forget_calendar()
    changed = recompute_clocks(years=years, now=now, actor=actor)
    return {"years": years, "days": len(entries), "clocks_changed": changed}


def recompute_clocks(*, years: list[int], now: datetime, actor=None) -> int:
    """Recompute every open clock that runs into one of `years`; note changes on timelines."""
    changed = 0
    for clock in _touched_clocks(years):
        rule = clocks.rules().get(clock.key)
        if rule is None:
            continue
        due = clocks.due_for(clock, rule)
        if (due.on, due.provisional) == (clock.due_on, clock.provisional):
            continue
        case = db.session.get(Case, clock.case_id)
        timeline.record(case, "clock_recomputed", now=now, actor=actor, data={
            "clock": clock.key, "was": clock.due_on, "now": due.on,
            "provisional": due.provisional, "reason": "calendar loaded",
        })
        clock.due_on, clock.provisional = due.on, due.provisional
        clocks.refresh_next_due(case)
        changed += 1
    return changed


def _touched_clocks(years: list[int]):
    """Return open clocks that are provisional or start or end in one of the years."""
    lo, hi = date(min(years), 1, 1), date(max(years), 12, 31)
    stmt = db.select(Clock).where(
        Clock.met_on.is_(None), Clock.cancelled.is_(False),
        or_(Clock.provisional.is_(True), Clock.due_on.between(lo, hi),
            Clock.started_on.between(lo, hi)),
    ).order_by(Clock.id)
    return list(db.session.scalars(stmt))


def import_file(path: Path, *, now: datetime, actor=None) -> dict:
    """Import a calendar CSV file."""
    entries = parse_calendar_csv(path.read_text(encoding="utf-8-sig"))
    return import_calendar(entries=entries, source=path.name, now=now, actor=actor)


def seed_shipped_calendar(config_dir: Path, *, now: datetime) -> list[int]:
    """Load the shipped calendar files when no year is loaded yet; return the years."""
    if db.session.scalar(db.select(CalendarYear.year).limit(1)) is not None:
        return []
    years: list[int] = []
    for path in sorted((config_dir / "calendar").glob("*.csv")):
        years += import_file(path, now=now)["years"]
    return years


def calendar_year(year: int) -> dict:
    """Return a year's calendar as plain data."""
    loaded = db.session.get(CalendarYear, year)
    days = db.session.scalars(db.select(CalendarDay).where(
        extract("year", CalendarDay.day) == year).order_by(CalendarDay.day))
    return {"year": year, "loaded": loaded is not None,
            "loaded_at": loaded.loaded_at if loaded else None,
            "source": loaded.source if loaded else None,
            "days": [{"date": d.day, "kind": d.kind, "name": d.name} for d in days]}
