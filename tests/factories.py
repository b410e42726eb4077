"""Factories that return callables, so a test builds exactly what it needs."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from petitiondesk.accounts import service as accounts
from petitiondesk.accounts.models import Department
from petitiondesk.cases.identity import check_digit
from petitiondesk.extensions import db

_seq = itertools.count(1)
PASSWORD = "correct-horse-1"


# the test bureau's offices: the functions its departments of these codes serve when created
# (tests of a bureau with other codes, or with an office missing, use other codes)
OFFICES = {"petition": ["intake"], "legal": ["legal"]}


def department(code: str | None = None, name: str | None = None,
               functions: list[str] | None = None) -> Department:
    """Return the department with this code, creating it (with its functions) if missing."""
    code = code or f"dept{next(_seq)}"
    found = db.session.scalar(db.select(Department).where(Department.code == code))
    return found or accounts.create_department(
        code=code, name=name or f"部门{code}", email=f"{code}@bureau.test",
        functions=OFFICES.get(code, []) if functions is None else functions)


def user(*roles: str, dept: str = "petition", email: str | None = None, locale="zh_CN"):
    """Create a user with these roles in department `dept` (created if missing)."""
    department(dept)
    n = next(_seq)
    created = accounts.create_user(
        email=email or f"{roles[0] if roles else 'user'}{n}@bureau.test", password=PASSWORD,
        name=f"用户{n}", department_code=dept, roles=list(roles) or ["clerk"],
        now=datetime(2026, 1, 1, tzinfo=UTC), locale=locale)
    db.session.commit()
    return created


def id_number(birth: str = "19800101", seq: int | None = None) -> str:
    """Return a valid resident ID number."""
    first17 = f"330102{birth}{(seq if seq is not None else next(_seq)) % 1000:03d}"
    return first17 + check_digit(first17)


def intake_body(**overrides) -> dict:
    """Return a valid POST /cases body for a petition letter."""
    body = {
        "track": "petition", "channel": "letter", "title": "关于房屋征收补偿的信访",
        "description": "要求提高补偿标准", "category": "compensation", "area": "东城区",
        "received_on": "2026-11-20",
        "parties": [{"name": "王小明", "id_number": id_number(), "phone": "13800001111"}],
    }
    body.update(overrides)
    return body
