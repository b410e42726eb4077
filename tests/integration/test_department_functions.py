"""Setting the bureau's offices from the command line and the admin page; what a missing
office looks like at start-up and on the page; the supervision office's mailbox."""

from __future__ import annotations

import pytest

from petitiondesk.accounts.models import Department
from petitiondesk.accounts.offices import offices
from petitiondesk.cli import accounts as accounts_cli
from tests import factories


@pytest.fixture
def run(app, db, clock):
    """Run `departments ...` as the command line would; return the click result."""
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(accounts_cli.departments_group, list(args))


def _served(db) -> dict:
    db.session.expire_all()
    return {f: (d.code if d else None) for f, d in offices().items()}


def test_departments_create_takes_repeated_functions(run, db):
    result = run("create", "--code", "PO", "--name", "信访办", "--function", "intake",
                 "--function", "supervision")
    assert result.exit_code == 0, result.output
    assert "serves intake, supervision" in result.output
    assert _served(db) == {"intake": "PO", "legal": None, "supervision": "PO"}


def test_departments_update_adds_and_removes_functions(run, db):
    assert run("create", "--code", "PO", "--name", "信访办").exit_code == 0
    assert run("create", "--code", "LC", "--name", "法律顾问室").exit_code == 0
    assert run("update", "PO", "--function", "intake", "--function", "legal").exit_code == 0
    moved = run("update", "PO", "--no-function", "legal", "--name", "信访办公室")
    assert moved.exit_code == 0, moved.output
    assert run("update", "LC", "--function", "legal").exit_code == 0
    assert _served(db) == {"intake": "PO", "legal": "LC", "supervision": None}
    assert db.session.scalar(db.select(Department.name).where(Department.code == "PO")) == (
        "信访办公室")


def test_a_function_held_elsewhere_is_refused_in_one_line_naming_the_holder(run, db):
    run("create", "--code", "PO", "--name", "信访办", "--function", "intake")
    run("create", "--code", "EX", "--name", "征收科")
    result = run("update", "EX", "--function", "intake")
    assert result.exit_code != 0
    message = result.output.strip().splitlines()
    assert len(message) == 1 and "'PO' serves the intake function already" in message[0]
    assert "--no-function intake" in message[0]
    assert _served(db)["intake"] == "PO"


def test_an_unknown_function_is_refused_by_the_command(run, db):
    result = run("create", "--code", "PO", "--name", "信访办", "--function", "archive")
    assert result.exit_code != 0 and "archive" in result.output
    assert db.session.scalar(db.select(Department.id).where(Department.code == "PO")) is None


def test_serve_warns_once_per_function_no_department_serves(app, db, clock, monkeypatch):
    import waitress

    from petitiondesk.cli.serve import serve_command

    factories.department("PO", functions=["intake"])
    db.session.commit()
    monkeypatch.setattr(waitress, "serve", lambda *a, **k: None)
    result = app.test_cli_runner().invoke(serve_command, ["--no-scheduler"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 2
    assert "legal function" in warnings[0] and "--function legal" in warnings[0]
    assert "supervision function" in warnings[1]


def test_serve_says_nothing_when_every_function_has_a_department(app, db, clock, monkeypatch):
    import waitress

    from petitiondesk.cli.serve import serve_command

    factories.department("PO", functions=["intake", "legal", "supervision"])
    db.session.commit()
    monkeypatch.setattr(waitress, "serve", lambda *a, **k: None)
    result = app.test_cli_runner().invoke(serve_command, ["--no-scheduler"])
    assert result.exit_code == 0 and "warning" not in result.output


def test_the_admin_pages_show_the_missing_functions(pages, db):
    pages.sign_in("admin")  # the test bureau: petition serves intake, legal serves legal
    for path in ("/admin/", "/admin/departments"):
        notice = _notice(pages.get(path).get_data(as_text=True))
        assert "督查室" in notice  # the supervision office, in Chinese
        assert "登记受理部门" not in notice and "法律顾问室" not in notice


def _notice(html: str) -> str:
    """Return the page's missing-functions notice."""
    notice = html[html.index('id="missing-functions"'):]
    return notice[:notice.index("</section>")]


def test_the_admin_page_moves_an_office_and_clears_one(pages, db):
    pages.sign_in("admin")
    factories.department("supervision-office")
    db.session.commit()
    answer = pages.post("/admin/departments/offices", data={
        "intake": "expropriation", "legal": "", "supervision": "supervision-office"})
    assert answer.status_code == 302
    assert _served(db) == {"intake": "expropriation", "legal": None,
                           "supervision": "supervision-office"}
    notice = _notice(pages.get("/admin/departments").get_data(as_text=True))
    assert "法律顾问室" in notice and "督查室" not in notice


def test_the_admin_page_refuses_an_unknown_department_and_changes_nothing(pages, db):
    pages.sign_in("admin")
    answer = pages.post("/admin/departments/offices", data={
        "intake": "nowhere", "legal": "legal", "supervision": ""})
    assert answer.status_code == 422
    assert _served(db) == {"intake": "petition", "legal": "legal", "supervision": None}


def test_the_admin_page_creates_a_department_with_functions(pages, db):
    pages.sign_in("admin")
    answer = pages.post("/admin/departments", data={
        "code": "SV", "name": "督查室", "email": "", "functions": ["supervision"]})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert _served(db)["supervision"] == "SV"
    taken = pages.post("/admin/departments", data={
        "code": "P2", "name": "第二信访办", "functions": ["intake"]})
    assert taken.status_code == 422
    assert "serves the intake function already" in taken.get_data(as_text=True)
    assert db.session.scalar(db.select(Department.id).where(Department.code == "P2")) is None


def test_the_supervision_level_mails_the_supervision_office(db, clock):
    from petitiondesk.alerts.recipients import Directory
    from petitiondesk.cases import intake

    clerk = factories.user("clerk")
    case = intake.register_case(data=_body(), actor=clerk, now=clock.now)
    assert Directory().resolve(case, ("supervision_office",)) == []
    factories.department("SV", functions=["supervision"])
    found = Directory().resolve(case, ("supervision_office",))
    assert [r.email for r in found] == ["SV@bureau.test"]


def _body() -> dict:
    from petitiondesk.cases.schemas import CaseCreateSchema

    return CaseCreateSchema().load(factories.intake_body(department="petition"))
