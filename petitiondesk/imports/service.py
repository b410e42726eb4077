"""Check a register file: every bad row with row number, column and reason; nothing written."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from flask import current_app

from petitiondesk.accounts.models import Department
from petitiondesk.core.errors import Invalid
from petitiondesk.extensions import db
from petitiondesk.imports.mapping import Mapping, detect, header_key, load_mapping
from petitiondesk.imports.models import RegisterEntry
from petitiondesk.imports.reader import UnreadableFile, read_rows
from petitiondesk.imports.rows import Problem, RegisterRow, RowReader


@dataclass
class Report:
    """What a dry run found."""

    source: str
    rows: int = 0
    good: list[RegisterRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    already: int = 0  # rows whose register number was imported before
    departments: dict[str, int] = field(default_factory=dict)

    @property
    def bad_rows(self) -> list[int]:
        """Return the numbers of the rows with a problem."""
        return sorted({p.row for p in self.problems})

    def summary(self) -> dict:
        """Return the counts a person reads first."""
        return {"rows": self.rows, "bad": len(self.bad_rows), "already_imported": self.already,
                "to_import": len(self.good)}


def default_mapping() -> Mapping:
    """Return the deployment's mapping (config/register_import.toml)."""
    return load_mapping(Path(current_app.config["CONFIG_DIR"]) / "register_import.toml")


def check(path: Path, *, today: date, mapping: Mapping | None = None,
          source: str | None = None, progress=None) -> Report:
    """Read the whole file and return what would be imported and every bad row."""
    mapping = mapping or default_mapping()
    try:
        rows = read_rows(path)
        head = _head(rows)
    except UnreadableFile as exc:
        raise Invalid(str(exc), errors={"file": [str(exc)]}) from exc
    layout = detect(head, mapping)
    if isinstance(layout, list):
        message = f"no header row naming: {', '.join(layout)}"
        raise Invalid(message, errors={"file": [message]})
    reader = RowReader(layout, mapping, today=today)
    report = Report(source=source or path.name, departments=_departments())
    seen: dict[str, int] = {}
    for number, cells in _data_rows(head, rows, layout.header_row):
        report.rows += 1
        found = reader.read(number, cells)
        if isinstance(found, RegisterRow):
            found = _check_known(found, reader, seen, report.departments)
        if isinstance(found, list):
            report.problems += found
        else:
            report.good.append(found)
        if progress:
            progress(1)
    _drop_imported(report)
    return report


def _head(rows) -> list:
    head = []
    for item in rows:
        head.append(item)
        if len(head) >= 10:
            break
    return head


def _data_rows(head: list, rows, header_row: int):
    """Yield the rows after the header: the buffered ones, then the rest of the file."""
    yield from ((n, c) for n, c in head if n > header_row)
    yield from rows


def _check_known(row: RegisterRow, reader: RowReader, seen: dict[str, int],
                 departments: dict[str, int]) -> RegisterRow | list[Problem]:
    """Refuse a register number twice in the file and a department nobody knows."""
    problems = []
    first = seen.setdefault(row.register_number, row.row)
    if first != row.row:
        problems.append(Problem(row.row, reader.header("register_number"),
                                f"the same register number as row {first}"))
    named = row.get("department")
    if named and header_key(named) not in departments:
        problems.append(Problem(row.row, reader.header("department"),
                                f"no such department: {named[:40]!r}"))
    return problems or row


def _departments() -> dict[str, int]:
    """Return department id by loose name and by code."""
    found: dict[str, int] = {}
    for dept in db.session.scalars(db.select(Department)):
        found[header_key(dept.name)] = dept.id
        found.setdefault(header_key(dept.code), dept.id)
    return found


def _drop_imported(report: Report) -> None:
    """Set aside the rows a previous import brought in already."""
    numbers = [r.register_number for r in report.good]
    known: set[str] = set()
    for start in range(0, len(numbers), 1000):
        known |= set(db.session.scalars(db.select(RegisterEntry.register_number).where(
            RegisterEntry.register_number.in_(numbers[start:start + 1000]))))
    report.already = sum(1 for r in report.good if r.register_number in known)
    report.good = [r for r in report.good if r.register_number not in known]
