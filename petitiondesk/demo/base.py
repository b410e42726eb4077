"""The demo bureau: departments, users (one per role), routing rules."""

from __future__ import annotations

from datetime import datetime

from petitiondesk.accounts import service as accounts
from petitiondesk.accounts.models import Department, User
from petitiondesk.accounts.offices import office_or_none
from petitiondesk.extensions import db
from petitiondesk.transfers.models import RoutingRule

# (code, name, English name, functions served for the bureau)
DEPARTMENTS = [
    ("petition", "信访办公室", "Petition office", ["intake"]),
    ("legal", "法律顾问室", "Legal counsel office", ["legal"]),
    ("reserve", "土地储备科", "Land reserve", []),
    ("expropriation", "征收补偿科", "Expropriation and compensation", []),
    ("landmgmt", "储备土地管理科", "Reserve-land management", []),
    ("finance", "财务科", "Finance", []),
    ("supervision", "督查室", "Supervision office", ["supervision"]),
]

# (email local part, name, department, roles)
USERS = [
    ("clerk", "王登记", "petition", ["clerk"]),
    ("handler", "李经办", "expropriation", ["handler"]),
    ("head", "张科长", "expropriation", ["head", "handler"]),
    ("handler2", "赵经办", "reserve", ["handler"]),
    ("head2", "孙科长", "reserve", ["head", "handler"]),
    ("handler3", "周经办", "landmgmt", ["handler"]),
    ("handler4", "钱经办", "petition", ["handler"]),
    ("handler5", "冯经办", "finance", ["handler"]),
    ("supervisor", "陈督办", "supervision", ["supervisor"]),
    ("counsel", "刘律师", "legal", ["counsel"]),
    ("admin", "系统管理员", "petition", ["admin"]),
    ("auditor", "吴审计", "supervision", ["auditor"]),
    ("leader", "郑局长", "supervision", ["auditor"]),
]

ROUTES = [
    ("征收补偿", 10, "compensation", None, None, "expropriation"),
    ("安置房", 20, None, None, "安置,回迁,过渡费", "expropriation"),
    ("土地储备", 30, "land_reserve", None, None, "reserve"),
    ("储备地管理", 40, "land_management", None, "围挡,看护,垃圾,占用", "landmgmt"),
    ("资金拨付", 50, "funding", None, None, "finance"),
]

CATEGORIES = ["compensation", "resettlement", "land_reserve", "land_management", "funding",
              "administrative_act", "labour", "other"]
AREAS = ["东城区", "西城区", "南湖区", "北山区", "高新区", "经开区"]

DEMO_PASSWORD = "demo-pass-2026"


def create_bureau(*, now: datetime, domain: str = "bureau.example") -> list[tuple[str, str]]:
    """Create the demo departments, users and routing rules; return (email, role) pairs."""
    for code, name, _en, functions in DEPARTMENTS:
        if not db.session.scalar(db.select(Department.id).where(Department.code == code)):
            accounts.create_department(code=code, name=name, email=f"{code}@{domain}",
                                       functions=_free(functions))
    created = []
    for local, name, dept, roles in USERS:
        email = f"{local}@{domain}"
        if not db.session.scalar(db.select(User.id).where(User.email == email)):
            accounts.create_user(email=email, password=DEMO_PASSWORD, name=name,
                                 department_code=dept, roles=roles, now=now)
        created.append((email, "/".join(roles)))
    _create_routes()
    return created


def _free(functions: list[str]) -> list[str]:
    """Return the functions no department serves yet (a bureau loaded before keeps its own)."""
    return [f for f in functions if office_or_none(f) is None]


def _create_routes() -> None:
    if db.session.scalar(db.select(RoutingRule.id).limit(1)):
        return
    for name, priority, category, area, keywords, dept in ROUTES:
        department = accounts.department_by_code(dept)
        db.session.add(RoutingRule(name=name, priority=priority, category=category, area=area,
                                   keywords=keywords, department=department, active=True))
    db.session.flush()
