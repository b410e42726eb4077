"""`petitiondesk import register`: every bad row reported, nothing half-written, idempotent."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func

from petitiondesk.cases.models import Case, CaseParty, Event, Matter, Party
from petitiondesk.deadlines.models import Clock
from petitiondesk.imports.cli import register_command
from petitiondesk.imports.models import RegisterEntry
from tests import factories
from tests.register_files import row, write_csv, write_xlsx


@pytest.fixture
def run(app, db, clock):
    """Run the command; return (exit code, output)."""
    for code in ("petition", "expropriation", "reserve", "legal"):
        factories.department(code)
    db.session.commit()
    clock.local(2026, 11, 27, 10, 0)

    def invoke(*args):
        result = app.test_cli_runner().invoke(register_command, [str(a) for a in args])
        return result.exit_code, result.output

    return invoke


def _count(db, model):
    return db.session.scalar(db.select(func.count()).select_from(model))


def test_a_clean_register_imports_with_its_history_and_clocks(run, db, tmp_path):
    replied = row(2, 受理日期="2026-03-03", 答复日期="2026-04-10",
                  答复意见="经复核，补偿标准符合规定", 办结日期="2026-04-20")
    path = write_xlsx(tmp_path / "台账.xlsx", [row(1), replied])
    code, out = run(path)
    assert code == 0, out
    assert "imported 2 cases" in out
    cases = {c.attributes["register_number"]: c for c in db.session.scalars(db.select(Case))}
    old, done = cases["XFTZ-2026-00001"], cases["XFTZ-2026-00002"]
    assert old.number.startswith("XF-2026-") and old.status == "registered"
    assert done.status == "closed" and done.outcome == "explained"
    assert done.closed_on == date(2026, 4, 20)
    events = [e.type for e in db.session.scalars(
        db.select(Event).where(Event.case_id == done.id).order_by(Event.seq))]
    assert events == ["imported", "accepted", "replied", "closed"]
    # clocks count from the register's dates; a deadline long past is overdue, not re-mailed
    clocks = {c.key: c for c in db.session.scalars(db.select(Clock).where(
        Clock.case_id == old.id))}
    assert clocks["petition.notify"].due_on < date(2026, 11, 27)
    assert clocks["petition.notify"].met_on is None and clocks["petition.notify"].alert_level > 0
    from petitiondesk.alerts.models import OutboxMessage
    from petitiondesk.alerts.sweep import sweep

    sweep(now=factories_now())
    db.session.commit()
    assert _count(db, OutboxMessage) == 0


def factories_now():
    from petitiondesk.core.timeutil import now_utc

    return now_utc()


def test_the_timeline_of_an_imported_case_verifies(run, db, tmp_path, app):
    path = write_xlsx(tmp_path / "a.xlsx", [row(1, 受理日期="2026-03-04")])
    assert run(path)[0] == 0
    from petitiondesk.audit.cli import audit_group

    result = app.test_cli_runner().invoke(audit_group, ["verify"])
    assert result.exit_code == 0, result.output


def test_parties_are_matched_by_id_number_and_matters_grouped(run, db, tmp_path):
    known = factories.id_number("19600606", 606)
    db.session.add(Party(name="老住户", id_number=known, created_at=factories_now()))
    db.session.commit()
    rows = [row(1, 身份证号码=known, 信访人="老住户"),
            row(2, 身份证号码=known, 信访人="老住户", 登记日期="2026-05-06"),  # same subject
            row(3, 身份证号码=known, 信访人="老住户", 信访事由="过渡费拖欠")]
    rows[1]["信访事由"] = rows[0]["信访事由"]
    assert run(write_xlsx(tmp_path / "a.xlsx", rows))[0] == 0
    assert _count(db, Party) == 1
    assert _count(db, Matter) == 2
    links = db.session.scalars(db.select(CaseParty.party_id)).all()
    assert set(links) == {db.session.scalar(db.select(Party.id))}


def test_a_second_import_of_the_same_file_changes_nothing(run, db, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [row(n) for n in range(1, 6)])
    assert run(path)[0] == 0
    before = [_count(db, m) for m in (Case, Party, Matter, Event, Clock, RegisterEntry)]
    code, out = run(path)
    assert code == 0 and "5 imported before, 0 to import" in out
    assert [_count(db, m) for m in (Case, Party, Matter, Event, Clock, RegisterEntry)] == before


def test_a_broken_register_reports_every_bad_row_and_writes_nothing(run, db, tmp_path):
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c
                   for c in factories.id_number("19811111", 3))
    bad_id = factories.id_number("19700101", 4)
    bad_id = bad_id[:17] + ("0" if bad_id[17] != "0" else "1")
    rows = [row(1, 登记日期="2026年3月5日"),      # sheet row 3
            row(2, 登记日期=46085),              # an Excel serial: 2026-03-04
            None,                               # a blank row (row 5), skipped
            row(3, 身份证号码=wide),             # full-width digits: fine
            row(4, 身份证号码=bad_id),           # row 7: bad check digit
            row(5, 登记日期="三月五日"),          # row 8: not a date
            row(6, 信访人=None),                 # row 9: merged from row 8 below
            row(7, 登记编号="XFTZ-2026-00001"),  # row 10: duplicate number
            row(8, 登记日期="2027-01-01", 信访事由="")]  # row 11: future, empty subject
    path = write_xlsx(tmp_path / "broken.xlsx", rows, merges=["D8:D9"])
    code, out = run(path)
    assert code != 0 and "nothing imported" in out, out
    problems = [line for line in out.splitlines() if line.startswith("row ")]
    assert problems == [
        "row 7, column 身份证号码: check digit does not match (GB 11643)",
        "row 8, column 登记日期: not a date: '三月五日'",
        "row 10, column 登记编号: the same register number as row 3",
        "row 11, column 信访事由: required, but empty",
        "row 11, column 登记日期: in the future",
    ]
    assert _count(db, Case) == 0 and _count(db, Party) == 0
    code, out = run(path, "--skip-bad")
    assert code == 0 and "imported 4 cases" in out
    received = {c.attributes["register_number"]: c.received_on
                for c in db.session.scalars(db.select(Case))}
    assert received["XFTZ-2026-00001"] == date(2026, 3, 5)
    assert received["XFTZ-2026-00002"] == date(2026, 3, 4)
    names = {p.name for p in db.session.scalars(db.select(Party))}
    assert "居民5" in names and "居民6" not in names  # row 9 took row 8's merged name
    assert "XFTZ-2026-00006" in received


def test_a_register_without_a_required_column_is_refused(run, db, tmp_path):
    headers = ["登记编号", "信访人", "信访事由"]
    code, out = run(write_xlsx(tmp_path / "a.xlsx", [row(1)], headers=headers))
    assert code != 0 and "received_on" in out


def test_a_gb18030_csv_register_imports_and_is_searchable(run, db, tmp_path, app):
    path = write_csv(tmp_path / "a.csv", [row(1, 主要诉求="要求尽快修复屋顶漏水")],
                     encoding="gb18030")
    code, out = run(path)
    assert code == 0, out
    from petitiondesk.cases import queries

    clerk = factories.user("clerk")
    items, total = queries.case_page(user=clerk, today=date(2026, 11, 27), due_soon_days=3,
                                     filters={"q": "屋顶漏水", "page": 1, "per_page": 5})
    assert total == 1 and items[0].attributes["register_number"] == "XFTZ-2026-00001"


def test_a_dry_run_writes_nothing(run, db, tmp_path):
    code, out = run(write_xlsx(tmp_path / "a.xlsx", [row(1)]), "--dry-run")
    assert code == 0 and "1 to import" in out
    assert _count(db, Case) == 0


def _broken(n: int, kind: int) -> dict:
    """Return row n broken in one of five ways."""
    good = row(n)
    if kind == 0:
        idn = good["身份证号码"]
        good["身份证号码"] = idn[:17] + ("1" if idn[17] == "0" else "0")
    elif kind == 1:
        good["登记日期"] = "2026-02-30"
    elif kind == 2:
        good["信访人"] = None
    elif kind == 3:
        good["登记日期"] = "2027-03-01"
    else:
        good["来源"] = "飞鸽传书"
    return good


def test_ten_thousand_rows_with_twenty_bad_report_exactly_those_then_import_once(
        run, db, tmp_path):
    bad = {37 + 491 * k for k in range(20)}  # register rows, 1-based
    rows = [_broken(n, n % 5) if n in bad else row(n) for n in range(1, 10_001)]
    code, out = run(write_xlsx(tmp_path / "big.xlsx", rows, title=None))
    assert code != 0
    reported = {int(line.split(",")[0][4:]) for line in out.splitlines()
                if line.startswith("row ")}
    assert reported == {n + 1 for n in bad}  # the header is sheet row 1
    assert "10000 rows: 20 bad" in out and _count(db, Case) == 0
    fixed = write_xlsx(tmp_path / "fixed.xlsx", [row(n) for n in range(1, 10_001)], title=None)
    code, out = run(fixed)
    assert code == 0 and "imported 10000 cases" in out, out
    assert _count(db, Case) == _count(db, RegisterEntry) == 10_000
    before = [_count(db, m) for m in (Case, Party, Matter, Event, Clock)]
    code, out = run(fixed)
    assert code == 0 and "10000 imported before, 0 to import" in out
    assert [_count(db, m) for m in (Case, Party, Matter, Event, Clock)] == before


def _upload(pages, path, action, **extra):
    with path.open("rb") as fh:
        return pages.post("/admin/import/", data={"file": (fh, path.name), "action": action,
                                                  **extra},
                          content_type="multipart/form-data")


def test_an_admin_checks_then_imports_a_register_on_the_page(pages, db, tmp_path):
    pages.sign_in("admin")
    broken = write_xlsx(tmp_path / "b.xlsx", [row(1), row(2, 登记日期="2026-13-01")])
    answer = _upload(pages, broken, "import")
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and 'id="import-problems"' in html
    assert "<td class=\"num\">4</td><td>登记日期</td>" in html and _count(db, Case) == 0
    answer = _upload(pages, broken, "import", skip_bad="y")
    assert answer.status_code == 302 and _count(db, Case) == 1
    answer = _upload(pages, broken, "check")
    assert "共 2 行：1 行有误，1 行此前已导入，0 行待导入。" in answer.get_data(as_text=True)


def test_only_an_admin_may_import(pages, tmp_path):
    pages.sign_in("clerk")
    answer = _upload(pages, write_xlsx(tmp_path / "a.xlsx", [row(1)]), "import")
    assert answer.status_code == 403


def test_without_an_intake_office_the_import_names_the_function_and_writes_nothing(
        run, db, tmp_path):
    from petitiondesk.accounts.offices import assign_office

    assign_office("intake", None)
    db.session.commit()
    path = write_xlsx(tmp_path / "台账.xlsx", [row(1)])
    code, out = run(path)
    assert code == 1 and "intake" in out and "--function intake" in out
    assert _count(db, Case) == 0 and _count(db, RegisterEntry) == 0
