"""Who may use which route: every API route and every page, for every role.

The matrix below is the decision, kept in the test. The test walks app.url_map, so a
route without a matrix entry fails here: add its row, deciding who may use it.

Codes, one per role in ROLES order:
  A  allowed   the role gets past authorization (any answer but 401, 403, 404)
  D  denied    403
  N  not found 404: the record is out of the role's sight
  L  login     401 on the API, a redirect to /login on pages (anonymous only)
"""

from __future__ import annotations

import io
import os

import pytest

from tests import factories

# `other` is a handler of another department than the case's
ROLES = ("anonymous", "clerk", "handler", "head", "supervisor", "counsel", "admin",
         "auditor", "other")
DEPARTMENT = {"clerk": "petition", "handler": "expropriation", "head": "expropriation",
              "supervisor": "petition", "counsel": "legal", "admin": "petition",
              "auditor": "petition", "other": "reserve"}

MATRIX: dict[str, str] = {
    # route: codes for anonymous clerk handler head supervisor counsel admin auditor other
    # signing in and out, the document
    "GET /api/v1/openapi.json":                             "AAAAAAAAA",
    "POST /api/v1/auth/tokens":                             "AAAAAAAAA",
    "DELETE /api/v1/auth/tokens":                           "LAAAAAAAA",
    "GET /login":                                           "AAAAAAAAA",
    "POST /login":                                          "AAAAAAAAA",
    "POST /logout":                                         "LAAAAAAAA",
    "GET /api/v1/me":                                       "LAAAAAAAA",
    "PATCH /api/v1/me":                                     "LAAAAAAAA",
    # cases: everyone who works sees them; another department's are absent (404)
    "GET /":                                                "LAAAAAAAA",
    "GET /api/v1/cases":                                    "LAAAAAAAA",
    "GET /api/v1/cases/<int:case_id>":                      "LAAAAAAAN",
    "GET /cases/<int:case_id>":                             "LAAAAAAAN",
    "GET /api/v1/matters/<int:matter_id>":                  "LAAAAAAAN",
    "GET /matters/<int:matter_id>":                         "LAAAAAAAN",
    "GET /api/v1/departments":                              "LAAAAAAAA",
    "GET /api/v1/calendar/<int:year>":                      "LAAAAAAAA",
    # intake: the auditor only reads; the intake page is the petition office's
    "POST /api/v1/cases":                                   "LAAAAAADA",
    "GET /intake":                                          "LADDDDADD",
    "POST /intake":                                         "LADDDDADD",
    "GET /intake/party":                                    "LADDDDADD",
    # working a case: its department's handlers and head, supervisors, administrators
    "POST /api/v1/cases/<int:case_id>/accept":              "LDAAADADN",
    "POST /api/v1/cases/<int:case_id>/assign":              "LDDAADADN",
    "POST /api/v1/cases/<int:case_id>/close":               "LDAAADADN",
    "POST /api/v1/cases/<int:case_id>/divert":              "LDAAADADN",
    "POST /api/v1/cases/<int:case_id>/events":              "LDAAADADN",
    "POST /api/v1/cases/<int:case_id>/extensions":          "LDAAADADN",
    "POST /api/v1/cases/<int:case_id>/next-instance":       "LDAAADADN",
    "POST /api/v1/cases/<int:case_id>/reject":              "LDAAADADN",
    "POST /api/v1/cases/<int:case_id>/reply":               "LDAAADADN",
    "POST /api/v1/cases/<int:case_id>/resume":              "LDAAADADN",
    "POST /api/v1/cases/<int:case_id>/suspend":             "LDAAADADN",
    "POST /api/v1/cases/<int:case_id>/transfers":           "LDAAADADN",
    "POST /api/v1/cases/<int:case_id>/withdraw":            "LDAAADADN",
    # full ID and phone numbers, logged: the roles that need them (security/personal.py)
    "POST /cases/<int:case_id>/personal-data":              "LAAAAADDN",
    # a page action not offered to the role is absent (404)
    "POST /cases/<int:case_id>/<action>":                   "LNAAANANN",
    # attachments follow their case; the auditor reads but does not add
    "POST /api/v1/cases/<int:case_id>/attachments":         "LAAAAAADN",
    "GET /api/v1/cases/<int:case_id>/attachments":          "LAAAAAAAN",
    "GET /api/v1/attachments/<int:attachment_id>":          "LAAAAAAAN",
    # extensions: the head decides
    "GET /api/v1/extensions":                               "LAAAAAAAA",
    "POST /api/v1/extensions/<int:extension_id>/approve":   "LDDADDDDN",
    "POST /api/v1/extensions/<int:extension_id>/reject":    "LDDADDDDN",
    "POST /cases/<int:case_id>/extensions/<int:extension_id>/<decision>": "LDDADDDDN",
    # transfers: the receiving department answers; supervisors and administrators may
    "GET /api/v1/transfers":                                "LAAAAAAAA",
    "GET /api/v1/transfers/<int:transfer_id>":              "LAAAAAAAA",
    "GET /transfers":                                       "LAAAAAAAA",
    "POST /api/v1/transfers/<int:transfer_id>/accept":      "LDDDADADA",
    "POST /api/v1/transfers/<int:transfer_id>/reject":      "LDDDADADA",
    "POST /transfers/<int:transfer_id>/accept":             "LDDDADADA",
    "POST /transfers/<int:transfer_id>/reject":             "LDDDADADA",
    # supervision: supervisors designate; heads, auditors and administrators watch
    "GET /api/v1/supervision":                              "LAAAAAAAA",
    "GET /supervision":                                     "LDDAADAAD",
    "POST /api/v1/cases/<int:case_id>/designate":           "LDDDADADN",
    "POST /supervision/<int:case_id>/designate":            "LDDDADADD",
    # the legal track: supervisors and counsel escalate
    "GET /api/v1/legacy-candidates":                        "LDDDAAAAD",
    "GET /legacy":                                          "LDDDAAAAD",
    "GET /legal":                                           "LAAAAAAAA",
    "GET /api/v1/hearings":                                 "LAAAAAAAA",
    "GET /api/v1/hearings.ics":                             "LAAAAAAAA",
    "POST /api/v1/matters/<int:matter_id>/escalate":        "LDDDAADDN",
    "POST /matters/<int:matter_id>/escalate":               "LDDDAADDN",
    # statistics: heads and above, not the people being measured case by case
    "GET /api/v1/stats/monthly":                            "LDDAAAAAD",
    "GET /api/v1/stats/monthly.csv":                        "LDDAAAAAD",
    "GET /api/v1/stats/monthly.xlsx":                       "LDDAAAAAD",
    "GET /stats":                                           "LDDAAAAAD",
    "GET /stats/monthly.csv":                               "LDDAAAAAD",
    "GET /stats/monthly.xlsx":                              "LDDAAAAAD",
    # administration
    "GET /api/v1/outbox":                                   "LDDDDDADD",
    "PUT /api/v1/calendar/<int:year>":                      "LDDDDDADD",
    "GET /api/v1/routing-rules":                            "LDDDDDADD",
    "POST /api/v1/routing-rules":                           "LDDDDDADD",
    "GET /api/v1/routing-rules/<int:rule_id>":              "LDDDDDADD",
    "PATCH /api/v1/routing-rules/<int:rule_id>":            "LDDDDDADD",
    "DELETE /api/v1/routing-rules/<int:rule_id>":           "LDDDDDADD",
    "GET /admin/":                                          "LDDDDDADD",
    "GET /admin/calendar":                                  "LDDDDDADD",
    "POST /admin/calendar":                                 "LDDDDDADD",
    "GET /admin/import/":                                   "LDDDDDADD",
    "POST /admin/import/":                                  "LDDDDDADD",
    "GET /admin/departments":                               "LDDDDDADD",
    "POST /admin/departments":                              "LDDDDDADD",
    "GET /admin/users":                                     "LDDDDDADD",
    "POST /admin/users":                                    "LDDDDDADD",
    "GET /admin/rules":                                     "LDDDDDADD",
    "GET /admin/routing":                                   "LDDDDDADD",
    "POST /admin/routing":                                  "LDDDDDADD",
    "GET /admin/routing/<int:rule_id>":                     "LDDDDDADD",
    "POST /admin/routing/<int:rule_id>":                    "LDDDDDADD",
    "POST /admin/routing/<int:rule_id>/delete":             "LDDDDDADD",
    "POST /admin/routing/assignment":                       "LDDDDDADD",
}

# A valid request per route, so a denial is a decision and not a validation error.
# Path parts come from the world (case_id, matter_id, ...); "{role_email}" is replaced.
BODIES: dict[str, dict] = {
    "POST /api/v1/auth/tokens": {"json": {"email": "{role_email}",
                                          "password": factories.PASSWORD}},
    "POST /api/v1/cases": {"json": "intake"},
    "POST /api/v1/cases/<int:case_id>/accept": {"json": {}},
    "POST /api/v1/cases/<int:case_id>/assign": {"json": {"user_id": "{handler_id}"}},
    "POST /api/v1/cases/<int:case_id>/attachments": {"file": True},
    "POST /api/v1/cases/<int:case_id>/close": {"json": {"outcome": "explained"}},
    "POST /api/v1/cases/<int:case_id>/designate": {"json": {"department": "expropriation",
                                                            "reason": "职责所在"}},
    "POST /api/v1/cases/<int:case_id>/divert": {"json": {"channel": "reconsideration",
                                                         "reason": "属行政复议事项"}},
    "POST /api/v1/cases/<int:case_id>/events": {"json": {"type": "note", "on": "2026-11-26",
                                                         "data": {"text": "电话回访"}}},
    "POST /api/v1/cases/<int:case_id>/extensions": {"json": {
        "clock": "petition.notify", "days": 10, "reason": "需补充调查"}},
    "POST /api/v1/cases/<int:case_id>/next-instance": {"json": {
        "instance": "second", "court": "市中级人民法院", "court_case_number": "(2026)02行终1号",
        "received_on": "2026-11-20"}},
    "POST /api/v1/cases/<int:case_id>/reject": {"json": {"reason": "不属于本部门"}},
    "POST /api/v1/cases/<int:case_id>/reply": {"json": {"text": "已答复", "outcome": "explained"}},
    "POST /api/v1/cases/<int:case_id>/resume": {"json": {"reason": "材料已补齐"}},
    "POST /api/v1/cases/<int:case_id>/suspend": {"json": {"reason": "等待鉴定"}},
    "POST /api/v1/cases/<int:case_id>/transfers": {"json": {"to_department": "reserve",
                                                            "reason": "属于土地储备事项"}},
    "POST /api/v1/cases/<int:case_id>/withdraw": {"json": {"reason": "信访人撤回"}},
    "POST /api/v1/extensions/<int:extension_id>/approve": {"json": {}},
    "POST /api/v1/extensions/<int:extension_id>/reject": {"json": {"reason": "理由不足"}},
    "POST /api/v1/matters/<int:matter_id>/escalate": {"json": {
        "reason": "历史遗留问题", "knew_of_act_on": "2026-10-01"}},
    "PATCH /api/v1/me": {"json": {"locale": "zh_CN"}},
    "POST /api/v1/routing-rules": {"json": {"name": "矩阵规则", "department": "reserve",
                                            "category": "matrix"}},
    "PATCH /api/v1/routing-rules/<int:rule_id>": {"json": {"priority": 5}},
    "PUT /api/v1/calendar/<int:year>": {"json": {"days": "not a list"}},
    "POST /api/v1/transfers/<int:transfer_id>/accept": {"json": {}},
    "POST /api/v1/transfers/<int:transfer_id>/reject": {"json": {"reason": "不属于本部门"}},
    "POST /matters/<int:matter_id>/escalate": {"form": {"reason": "历史遗留问题",
                                                        "knew_of_act_on": "2026-10-01"}},
    "POST /transfers/<int:transfer_id>/reject": {"form": {"reason": "不属于本部门"}},
    "POST /supervision/<int:case_id>/designate": {"form": {"department": "expropriation",
                                                           "reason": "职责所在"}},
    "POST /cases/<int:case_id>/<action>": {"form": {}, "case_id": "fresh_case_id"},
    "POST /admin/routing/<int:rule_id>/delete": {"form": {}, "rule_id": "page_rule_id"},
    "POST /cases/<int:case_id>/extensions/<int:extension_id>/<decision>": {
        "form": {}, "case_id": "page_extended_case_id", "extension_id": "page_extension_id"},
}
# revoking one's token or signing out ends the walk for that role
LAST = ("DELETE /api/v1/auth/tokens", "POST /logout")


def _routes(app) -> list[tuple[str, str, str]]:
    """Return (key, method, rule) for every route and method of the app, sorted."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((f"{method} {rule.rule}", method, rule.rule))
    # deleting comes after everything else that needs the record; signing out last
    return sorted(found, key=lambda r: (r[0] in LAST, r[1] == "DELETE" or "/delete" in r[2],
                                        r[0]))


def test_every_route_has_a_row_in_the_matrix(app):
    missing = [key for key, _, _ in _routes(app) if key not in MATRIX]
    stale = sorted(set(MATRIX) - {key for key, _, _ in _routes(app)})
    assert not missing, ("routes without a role matrix row; add them to MATRIX in "
                         f"tests/api/test_role_matrix.py, deciding who may use each: {missing}")
    assert not stale, f"matrix rows for routes that no longer exist: {stale}"
    assert all(len(codes) == len(ROLES) for codes in MATRIX.values())


@pytest.fixture
def world(app, client, db, clock, base_departments, monkeypatch):
    """One of each record a route can address, made through the API."""
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT", 0)
    staff = {role: _token(client, factories.user(role, dept=dept))
             for role, dept in (("clerk", "petition"), ("handler", "expropriation"),
                                ("admin", "petition"))}

    def post(path, role="clerk", **kwargs):
        answer = client.post(path, headers=staff[role], **kwargs)
        assert answer.status_code in (200, 201), (path, answer.get_json())
        return answer.get_json()

    case = post("/api/v1/cases", json=factories.intake_body(department="expropriation"))
    fresh = post("/api/v1/cases", json=factories.intake_body(department="expropriation"))
    moving = post("/api/v1/cases", json=factories.intake_body(department="expropriation"))
    extended = post("/api/v1/cases", json=factories.intake_body(department="expropriation"))
    transfer = post(f"/api/v1/cases/{moving['id']}/transfers", role="handler",
                    json={"to_department": "reserve", "reason": "属于土地储备事项"})
    extended2 = post("/api/v1/cases", json=factories.intake_body(department="expropriation"))
    for target in (extended, extended2):
        post(f"/api/v1/cases/{target['id']}/accept", role="handler", json={})
        post(f"/api/v1/cases/{target['id']}/extensions", role="handler",
             json={"clock": "petition.handle", "days": 30, "reason": "需补充调查"})
    pending = _items(client.get("/api/v1/extensions?status=pending",
                                headers=staff["handler"]).get_json())
    by_case = {item["case_id"]: item["id"] for item in pending}
    extension2 = by_case[extended2["id"]]
    attachment = post(f"/api/v1/cases/{case['id']}/attachments",
                      data={"file": (io.BytesIO(b"%PDF-1.4 scan"), "scan.pdf")},
                      content_type="multipart/form-data")
    rule, page_rule = (post("/api/v1/routing-rules", role="admin", json={
        "name": f"世界规则{n}", "department": "reserve", "category": f"world{n}"}) for n in (1, 2))
    return {"case_id": case["id"], "matter_id": case["matter_id"],
            "transfer_id": transfer["id"], "extension_id": by_case[extended["id"]],
            "attachment_id": attachment["id"], "rule_id": rule["id"],
            "page_rule_id": page_rule["id"], "year": 2026,
            "fresh_case_id": fresh["id"], "extended_case_id": extended["id"],
            "page_extended_case_id": extended2["id"], "page_extension_id": extension2,
            "action": "accept", "decision": "approve",
            "handler_id": _user_id(client, staff["handler"])}


def _items(page) -> list:
    return page["items"] if isinstance(page, dict) else page


def _token(client, person) -> dict:
    answer = client.post("/api/v1/auth/tokens",
                         json={"email": person.email, "password": factories.PASSWORD})
    assert answer.status_code == 201, answer.get_json()
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def _user_id(client, headers) -> int:
    return client.get("/api/v1/me", headers=headers).get_json()["id"]


class Caller:
    """One role's API token and signed-in page session."""

    def __init__(self, app, role: str):
        self.role, self.pages, self.headers, self.email = role, app.test_client(), {}, ""
        if role == "anonymous":
            return
        person = factories.user("handler" if role == "other" else role, dept=DEPARTMENT[role])
        self.email = person.email
        self.headers = _token(self.pages, person)
        signed_in = self.pages.post("/login", data={"email": person.email,
                                                    "password": factories.PASSWORD})
        assert signed_in.status_code == 302, signed_in.status_code

    def send(self, key: str, method: str, rule: str, world: dict):
        """Send the route's request; return the answer."""
        path = rule
        spec = BODIES.get(key, {})
        for name, value in world.items():
            value = world[spec[name]] if name in spec else value
            path = path.replace(f"<int:{name}>", str(value)).replace(f"<{name}>", str(value))
        kwargs = {}
        if spec.get("json") == "intake":
            kwargs["json"] = factories.intake_body(department="expropriation")
        elif "json" in spec:
            kwargs["json"] = _fill(spec["json"], {**world, "role_email": self.email})
        elif "form" in spec:
            kwargs["data"] = _fill(spec["form"], {**world, "role_email": self.email})
        elif spec.get("file"):
            kwargs.update(data={"file": (io.BytesIO(b"%PDF-1.4 scan"), "scan.pdf")},
                          content_type="multipart/form-data")
        headers = self.headers if path.startswith("/api/") else {}
        return self.pages.open(path, method=method, headers=headers, **kwargs)


def _fill(value, names: dict):
    """Return `value` with "{name}" strings replaced from `names`."""
    if isinstance(value, dict):
        return {k: _fill(v, names) for k, v in value.items()}
    if isinstance(value, str) and value.startswith("{") and value.endswith("}"):
        return names[value[1:-1]]
    return value


def _code(answer, path: str) -> str:
    """Return the matrix code of an answer."""
    status = answer.status_code
    if status >= 500:
        return "E"
    if status == 401 and path.startswith("/api/"):
        return "L"
    # login_required sends to /login?next=...; signing out sends to a plain /login
    if status in (301, 302, 303) and "/login?next=" in answer.headers.get("Location", ""):
        return "L"
    return {403: "D", 404: "N"}.get(status, "A")


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_the_routes_the_matrix_gives_it(app, world, role):
    caller = Caller(app, role)
    column = ROLES.index(role)
    wrong = []
    observed = {}
    for key, method, rule in _routes(app):
        answer = caller.send(key, method, rule, world)
        got = _code(answer, rule)
        observed[key] = got
        expected = MATRIX.get(key, "?" * len(ROLES))[column]
        if got != expected:
            wrong.append(f"{key}: expected {expected}, got {got} ({answer.status_code})")
    if os.environ.get("ROLE_MATRIX_PRINT"):
        import json

        with open(f"/tmp/role_matrix_{role}.json", "w") as out:
            json.dump(observed, out)
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
