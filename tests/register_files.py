"""Register files made by the tests with openpyxl (and csv), broken ones included."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from tests.factories import id_number

HEADERS = ["序号", "登记编号", "登记日期", "信访人", "身份证号码", "联系电话", "信访事由",
           "主要诉求", "来源", "受理日期", "答复日期", "答复意见", "办结日期"]


def row(n: int, **overrides) -> dict:
    """Return one good register row (values by header)."""
    values = {"序号": n, "登记编号": f"XFTZ-2026-{n:05d}", "登记日期": "2026-03-02",
              "信访人": f"居民{n}", "身份证号码": id_number("19700101", n),
              "联系电话": f"139{n:08d}", "信访事由": f"解放路{n}号房屋征收补偿异议",
              "主要诉求": "要求提高补偿标准", "来源": "来信", "受理日期": None,
              "答复日期": None, "答复意见": None, "办结日期": None}
    values.update(overrides)
    return values


def write_xlsx(path: Path, rows: list[dict | None], *, title: str | None = "某局信访台账",
               headers: list[str] = HEADERS, merges: list[str] = ()) -> Path:
    """Write a register: an optional title line, the header, rows (None: a blank row)."""
    book = Workbook(write_only=not merges)
    sheet = book.create_sheet() if not merges else book.active
    if title:
        sheet.append([title])
    sheet.append(headers)
    for values in rows:
        sheet.append([] if values is None else [values.get(h) for h in headers])
    for ref in merges:
        sheet.merge_cells(ref)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[dict], *, encoding: str = "utf-8-sig",
              headers: list[str] = HEADERS) -> Path:
    """Write a register as CSV."""
    with path.open("w", newline="", encoding=encoding) as fh:
        out = csv.writer(fh)
        out.writerow(headers)
        for values in rows:
            out.writerow(["" if values.get(h) is None else values.get(h) for h in headers])
    return path
