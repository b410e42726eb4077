"""Cases created through the API carry clocks due as domain/deadlines.md counts them.

Every expected date below was counted by hand from the rule and the State Council's
2026 calendar: Spring Festival 02-15..23 (make-up Saturdays 02-14 and 02-28), Labour
Day 05-01..05 (make-up 05-09), National Day 10-01..07 (make-up 10-10).
"""

from __future__ import annotations

from tests.factories import intake_body

DEPT = "expropriation"


def _register(client, clock, clerk, day: str, **body):
    clock.local(*map(int, day.split("-")), 9, 0)
    answer = client.post("/api/v1/cases",
                         json=intake_body(department=DEPT, received_on=day, **body), headers=clerk)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _post(client, clock, headers, day: str, path: str, body: dict):
    clock.local(*map(int, day.split("-")), 10, 0)
    answer = client.post(path, json=body, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def _accept(client, clock, handler, case, day):
    return _post(client, clock, handler, day, f"/api/v1/cases/{case['id']}/accept", {})


def _event(client, clock, handler, case, day, type_, **data):
    return _post(client, clock, handler, day, f"/api/v1/cases/{case['id']}/events",
                 {"type": type_, "on": day, "data": data})


# --- scenarios: each returns the case as the API answered after the clock started ------

def notify(client, clock, clerk, handler, day):
    return _register(client, clock, clerk, day)


def handle(client, clock, clerk, handler, day):
    return _accept(client, clock, handler, _register(client, clock, clerk, day), day)


def review_window(client, clock, clerk, handler, day):
    case = handle(client, clock, clerk, handler, day)
    return _post(client, clock, handler, day, f"/api/v1/cases/{case['id']}/reply",
                 {"text": "答复", "outcome": "explained"})


def review(client, clock, clerk, handler, day):
    case = review_window(client, clock, clerk, handler, day)
    return _event(client, clock, handler, case, day, "review_requested")


def reconsideration(role: str, procedure: str = "ordinary", *, accept: bool = False,
                    copy: bool = False):
    def scenario(client, clock, clerk, handler, day):
        attrs = {"our_role": role, "procedure": procedure}
        if copy:
            attrs["copy_received_on"] = day
        case = _register(client, clock, clerk, day, track="reconsideration", attributes=attrs)
        return _accept(client, clock, handler, case, day) if accept else case
    return scenario


def answer(client, clock, clerk, handler, day):
    return _register(client, clock, clerk, day, track="litigation", channel="court",
                     attributes={"our_role": "defendant", "complaint_served_on": day})


def appeal(kind: str):
    def scenario(client, clock, clerk, handler, day):
        case = _register(client, clock, clerk, day, track="litigation", channel="court",
                         attributes={"our_role": "defendant"})
        return _event(client, clock, handler, case, day, "judgment_served", kind=kind,
                      outcome="lost")
    return scenario


def accepted_on(track: str):
    def scenario(client, clock, clerk, handler, day):
        case = _register(client, clock, clerk, day, track=track)
        return _accept(client, clock, handler, case, day)
    return scenario


CASES = [
    # (clock key, scenario, day the clock starts, due date by deadlines.md)
    ("petition.notify", notify, "2026-02-05", "2026-02-24"),  # 02-20 in Spring Festival
    ("petition.notify", notify, "2026-04-16", "2026-05-06"),  # 05-01 Labour Day
    ("petition.notify", notify, "2026-09-16", "2026-10-08"),  # 10-01 National Day
    ("petition.notify", notify, "2026-02-13", "2026-02-28"),  # make-up Saturday counts
    ("petition.notify", notify, "2026-09-25", "2026-10-10"),  # make-up Saturday counts
    ("petition.handle", handle, "2026-08-05", "2026-10-08"),  # 60 d → 10-04
    ("petition.handle", handle, "2025-12-20", "2026-02-24"),  # 60 d → 02-18, across the year
    ("window.review_request", review_window, "2026-01-16", "2026-02-24"),  # → Sun 02-15
    ("window.review_request", review_window, "2026-04-01", "2026-05-06"),
    ("petition.review", review, "2026-01-29", "2026-02-28"),
    ("reconsideration.accept", reconsideration("organ"), "2026-02-12", "2026-02-26"),
    ("reconsideration.accept", reconsideration("organ"), "2026-09-30", "2026-10-13"),
    ("reconsideration.reply", reconsideration("respondent", copy=True), "2026-04-28",
     "2026-05-14"),
    ("reconsideration.reply", reconsideration("respondent", copy=True), "2026-02-10",
     "2026-03-02"),
    ("reconsideration.decide", reconsideration("organ", accept=True), "2026-03-02",
     "2026-05-06"),  # ordinary 60 d → 05-01
    ("reconsideration.decide", reconsideration("organ", "simplified", accept=True),
     "2026-01-16", "2026-02-24"),  # simplified 30 d → 02-15
    ("litigation.answer", answer, "2026-09-22", "2026-10-08"),
    ("litigation.answer", answer, "2026-02-13", "2026-02-28"),
    ("litigation.appeal", appeal("judgment"), "2026-04-16", "2026-05-06"),  # 15 d → 05-01
    ("litigation.appeal", appeal("ruling"), "2026-09-21", "2026-10-08"),  # 10 d → 10-01
    ("mediation.conclude", accepted_on("mediation"), "2026-01-15", "2026-02-24"),  # → 02-15
    ("mediation.conclude", accepted_on("mediation"), "2026-09-05", "2026-10-08"),
    ("mediation.conclude", accepted_on("mediation"), "2026-01-31", "2026-02-28"),  # month end
    ("arbitration.award", accepted_on("arbitration"), "2026-08-17", "2026-10-08"),  # → 10-01
    ("arbitration.award", accepted_on("arbitration"), "2026-01-14", "2026-02-28"),
]


def test_every_clock_started_through_the_api_is_due_as_its_rule_counts(
        client, login, base_departments, clock):
    # One test for the whole table: each row is cheap, the per-test database reset is not.
    clerk, handler = login("clerk"), login("handler", dept=DEPT)
    expected, actual = {}, {}
    for key, scenario, day, due in CASES:
        case = scenario(client, clock, clerk, handler, day)
        started = [c for c in case["clocks"] if c["key"] == key]
        expected[(key, day)] = (1, day, due, False)
        actual[(key, day)] = (len(started), *((started[0]["started_on"], started[0]["due_on"],
                                               started[0]["provisional"]) if started else ()))
    assert actual == expected


def test_a_ruling_gives_ten_days_and_a_judgment_fifteen(client, login, base_departments, clock):
    clerk, handler = login("clerk"), login("handler", dept=DEPT)
    ruling = appeal("ruling")(client, clock, clerk, handler, "2026-06-01")
    judgment = appeal("judgment")(client, clock, clerk, handler, "2026-06-01")
    due = {c["variant"]: c["due_on"] for case in (ruling, judgment)
           for c in case["clocks"] if c["key"] == "litigation.appeal"}
    assert due == {"ruling": "2026-06-11", None: "2026-06-16"}


def test_a_mediation_clock_does_not_run_before_acceptance(client, login, base_departments,
                                                          clock):
    clerk = login("clerk")
    case = _register(client, clock, clerk, "2026-03-02", track="mediation")
    assert [c["key"] for c in case["clocks"]] == []
