"""Read a register file into numbered rows of cells: Excel (.xlsx) or CSV."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

_REF = re.compile(r"^([A-Z]+)(\d+)$")
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


class UnreadableFile(Exception):
    """The file is not a register this reader understands."""


def read_rows(path: Path) -> Iterator[tuple[int, list]]:
    """Yield (row number, cells) for every non-blank row of the file's first sheet."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = _xlsx_rows(path)
    elif suffix in (".csv", ".txt"):
        rows = _csv_rows(path)
    else:
        raise UnreadableFile(f"{path.name}: not .xlsx or .csv")
    for number, cells in rows:
        if any(c is not None and str(c).strip() for c in cells):
            yield number, cells


def _csv_rows(path: Path) -> Iterator[tuple[int, list]]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            content = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UnreadableFile(f"{path.name}: neither UTF-8 nor GB18030 text")
    for number, cells in enumerate(csv.reader(io.StringIO(content)), start=1):
        yield number, [c if c != "" else None for c in cells]


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list]]:
    """Read the first sheet in read-only mode; a merged range gives every cell its value."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise UnreadableFile(f"{path.name}: not an Excel workbook ({exc})") from exc
    try:
        starts, targets = _merged_targets(path)
        tops: dict[tuple[int, int], object] = {}
        for number, row in enumerate(book.worksheets[0].iter_rows(values_only=True), start=1):
            cells = list(row)
            for source in starts.get(number, ()):  # the range's top-left cell holds the value
                tops[source] = cells[source[1]] if source[1] < len(cells) else None
            for col, source in targets.get(number, ()):
                cells += [None] * (col + 1 - len(cells))
                cells[col] = tops.get(source)
            yield number, cells
    finally:
        book.close()


def _merged_targets(path: Path) -> tuple[dict, dict]:
    """Return per row the top-left cells of ranges starting there, and the cells to fill."""
    starts: dict[int, list[tuple[int, int]]] = {}
    targets: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    for top, left, bottom, right in _merged_ranges(path):
        starts.setdefault(top, []).append((top, left))
        for r in range(top, bottom + 1):
            targets.setdefault(r, []).extend(
                (c, (top, left)) for c in range(left, right + 1) if (r, c) != (top, left))
    return starts, targets


def _merged_ranges(path: Path) -> list[tuple[int, int, int, int]]:
    """Return the first sheet's merged ranges (read-only mode does not give them)."""
    sheet_path = _first_sheet_part(path)
    ranges: list[tuple[int, int, int, int]] = []
    with zipfile.ZipFile(path) as archive, archive.open(sheet_path) as fh:
        for _, elem in ElementTree.iterparse(fh):
            if elem.tag == f"{_NS}mergeCell":
                first, _, last = elem.get("ref", "").partition(":")
                a, b = _cell(first), _cell(last or first)
                if a and b:
                    ranges.append((a[0], a[1], b[0], b[1]))
            elif elem.tag == f"{_NS}row":
                elem.clear()  # keep memory flat on a 100,000-row sheet
    return ranges


def _first_sheet_part(path: Path) -> str:
    """Return the zip member of the workbook's first sheet."""
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    sheet = book.find(f"{_NS}sheets/{_NS}sheet")
    rid = sheet.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
    for rel in rels:
        if rel.get("Id") == rid:
            target = rel.get("Target").lstrip("/")
            return target if target.startswith("xl/") else f"xl/{target}"
    raise UnreadableFile(f"{path.name}: no first sheet")


def _cell(ref: str) -> tuple[int, int] | None:
    """Return (row, 0-based column) of an A1 reference."""
    found = _REF.match(ref)
    if not found:
        return None
    col = 0
    for ch in found.group(1):
        col = col * 26 + ord(ch) - 64
    return int(found.group(2)), col - 1
