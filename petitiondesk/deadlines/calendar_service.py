"""Load a year's holiday calendar and recompute the open clocks it touches.

`import_calendar` is the one way in for the CLI, the API and the admin page: it checks
the whole input first and changes nothing unless every line is good.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, or_

from petitiondesk.accounts.models import User
from petitiondesk.core.errors import Invalid
from petitiondesk.deadlines import calendar_input
from petitiondesk.deadlines import service as clocks
from petitiondesk.deadlines.calendar import CalendarEntry
from petitiondesk.deadlines.models import CalendarDay, CalendarYear
from petitiondesk.deadlines.recompute import Progress, recompute_clocks
from petitiondesk.extensions import db


def import_calendar(*, csv_text: str | None = None, days: list[dict] | None = None,
                    year: int | None = None, source: str, now: datetime,
                    actor: User | None = None, progress: Progress | None = None) -> dict:
    """Check a calendar (CSV text or JSON days), replace its year(s), recompute clocks.

    The covered year is `year`, else the `YYYY.csv` name in `source`, else the
    dates. Raise Invalid with every bad line under `errors[field]` and change nothing.
    """
    field = "csv" if csv_text is not None else "days"
    found = (calendar_input.read_csv(csv_text) if csv_text is not None
             else calendar_input.read_days(days or []))
    years = calendar_input.covered_years(found, year=year, filename=Path(source).name)
    calendar_input.check_coverage(found, years)
    if found.errors:
        raise Invalid(f"{source}: {found.errors[0]}"
                      + (f" (and {len(found.errors) - 1} more)" if len(found.errors) > 1 else ""),
                      errors={field: found.errors})
    return replace_years(entries=found.entries, years=years, source=source, now=now,
                         actor=actor, progress=progress)


def replace_years(*, entries: list[CalendarEntry], years: list[int], source: str,
                  now: datetime, actor: User | None = None,
                  progress: Progress | None = None) -> dict:
    """Store checked entries as the calendar of `years`, then recompute open clocks."""
    stray = [e.day for e in entries if e.day.year not in years]
    since = first_changed_day(entries, years=years, stray=stray)
    for year in years:
        db.session.execute(delete(CalendarDay).where(_in_year(year)))
        row = db.session.get(CalendarYear, year) or CalendarYear(year=year)
        row.loaded_at, row.source = now, source[-200:]
        db.session.add(row)
    if stray:  # a neighbour year's day listed in this notice replaces only that day
        db.session.execute(delete(CalendarDay).where(CalendarDay.day.in_(stray)))
    db.session.add_all(CalendarDay(day=e.day, kind=e.kind, name=e.name) for e in entries)
    db.session.flush()
    clocks.forget_calendar()
    touched = sorted(set(years) | {day.year for day in stray})
    done = recompute_clocks(years=touched, since=since or date.max, now=now, actor=actor,
                            progress=progress)
    return {"years": years, "days": len(entries), "clocks_changed": done.changed,
            "clocks_touched": done.touched}


def first_changed_day(entries: list[CalendarEntry], *, years: list[int],
                      stray: list[date]) -> date | None:
    """Return the earliest day the import changes (None: it changes nothing).

    A day changes when its kind differs from the stored one (listed, unlisted, holiday,
    workday); a year loaded for the first time changes from its first day on (its
    clocks stop being provisional). Read before the stored days are replaced.
    """
    stored = {row.day: row.kind for row in db.session.execute(
        db.select(CalendarDay.day, CalendarDay.kind).where(
            or_(*[_in_year(year) for year in years], CalendarDay.day.in_(stray))))}
    given = {e.day: e.kind for e in entries}
    changed = [day for day in stored.keys() | given.keys() if stored.get(day) != given.get(day)]
    loaded = set(db.session.scalars(db.select(CalendarYear.year).where(
        CalendarYear.year.in_(years))))
    changed += [date(year, 1, 1) for year in years if year not in loaded]
    return min(changed, default=None)


def import_file(path: Path, *, now: datetime, year: int | None = None,
                actor: User | None = None, progress: Progress | None = None) -> dict:
    """Import a calendar CSV file (its year from `year`, the file name, or the dates)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(f"{path.name}: cannot read the file: {exc}",
                      errors={"file": [str(exc)]}) from exc
    return import_calendar(csv_text=text, year=year, source=path.name, now=now, actor=actor,
                           progress=progress)


def seed_shipped_calendar(config_dir: Path, *, now: datetime) -> list[int]:
    """Load the shipped calendar files when no year is loaded yet; return the years."""
    if db.session.scalar(db.select(CalendarYear.year).limit(1)) is not None:
        return []
    years: list[int] = []
    for path in sorted((config_dir / "calendar").glob("*.csv")):
        years += import_file(path, now=now)["years"]
    return years


def calendar_year(year: int) -> dict:
    """Return a year's calendar as plain data; `provisional` when it is not loaded."""
    loaded = db.session.get(CalendarYear, year)
    days = db.session.scalars(
        db.select(CalendarDay).where(_in_year(year)).order_by(CalendarDay.day))
    return {"year": year, "loaded": loaded is not None, "provisional": loaded is None,
            "loaded_at": loaded.loaded_at if loaded else None,
            "source": loaded.source if loaded else None,
            "days": [{"date": d.day, "kind": d.kind, "name": d.name} for d in days]}


def _in_year(year: int):
    """Return the condition "the calendar day lies in `year`" (a range, so indexed)."""
    return CalendarDay.day.between(date(year, 1, 1), date(year, 12, 31))
