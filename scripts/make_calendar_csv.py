"""Write config/calendar/YYYY.csv from the chinese_calendar package.

Usage: .venv/bin/python scripts/make_calendar_csv.py [YEAR ...] [--out DIR]

Rows: every day chinese_calendar places in a statutory holiday period, weekend days
inside the period included (kind 'holiday'), and every Saturday or Sunday that is a
make-up working day (kind 'workday', named after its holiday plus 调休). Ordinary
weekends get no row. With these rows HolidayCalendar.is_working_day agrees with
chinese_calendar.is_workday on every day of the year.

chinese_calendar stops at the last year the State Council has announced (it raises
for later years), so a new year's file is generated once the package is updated, or
written by hand from the State Council notice and checked against the same tests.
"""

from __future__ import annotations

import argparse
import csv
import io
from datetime import date, timedelta
from pathlib import Path

import chinese_calendar

NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def rows_for_year(year: int) -> list[tuple[str, str, str]]:
    """Return the (date, kind, name) rows of one year, in date order."""
    rows = []
    day = date(year, 1, 1)
    while day.year == year:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        if name is not None:
            # A named day that is not a holiday is a make-up working day.
            kind = "holiday" if on_holiday else "workday"
            label = NAMES_ZH[name] + ("" if on_holiday else "调休")
            rows.append((day.isoformat(), kind, label))
        day += timedelta(days=1)
    return rows


def render_csv(rows: list[tuple[str, str, str]]) -> str:
    """Return the CSV text with its header."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "kind", "name"])
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> None:
    """Write one CSV per requested year."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("years", nargs="*", type=int, default=[2024, 2025, 2026])
    parser.add_argument("--out", type=Path, default=Path("config/calendar"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for year in args.years:
        path = args.out / f"{year}.csv"
        path.write_text(render_csv(rows_for_year(year)), encoding="utf-8")
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
