"""Hearings: stored from events, listed by date, fed to calendar programs."""

from datetime import date, datetime, timedelta

from icalendar import Calendar

from tests.api.test_litigation_api import _event, _lawsuit


def _with_hearing(client, counsel, at="2026-12-03T09:30:00+08:00", **attrs):
    case = _lawsuit(client, **attrs)
    _event(client, counsel, case, type="hearing_scheduled", on="2026-11-26",
           data={"at": at, "place": "第三法庭"})
    return case


def _hearings(client, headers, query=""):
    answer = client.get(f"/api/v1/hearings{query}", headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()["items"]


def test_a_scheduled_hearing_is_listed_with_its_court(client, login, base_departments):
    counsel = login("counsel", dept="legal")
    case = _with_hearing(client, counsel)
    [hearing] = _hearings(client, counsel)
    assert hearing["case_id"] == case["id"] and hearing["place"] == "第三法庭"
    assert hearing["at"] == "2026-12-03T01:30:00+00:00"
    assert hearing["court"] == "东城区人民法院" and hearing["head_appeared"] is None


def test_hearings_are_listed_between_the_dates_asked(client, login, base_departments):
    counsel = login("counsel", dept="legal")
    _with_hearing(client, counsel, at="2026-12-03T23:30:00+08:00")
    _with_hearing(client, counsel, at="2027-02-01T09:00:00+08:00")
    assert len(_hearings(client, counsel, "?from=2026-12-03&to=2026-12-03")) == 1
    assert len(_hearings(client, counsel, "?from=2026-12-04&to=2027-01-31")) == 0
    assert len(_hearings(client, counsel, "?from=2026-12-01&to=2027-03-01")) == 2
    # an end before the start is an empty range, as the document's two dates allow
    assert _hearings(client, counsel, "?from=2026-12-05&to=2026-12-01") == []
    # an end alone counts the start back from it: the 12-03 hearing, not the 02-01 one
    assert len(_hearings(client, counsel, "?to=2026-12-04")) == 1
    assert _hearings(client, counsel, "?to=2000-01-01") == []


def test_a_hearing_needs_an_instant_with_an_offset(client, login, base_departments):
    counsel = login("counsel", dept="legal")
    case = _lawsuit(client)
    answer = client.post(f"/api/v1/cases/{case['id']}/events", headers=counsel, json={
        "type": "hearing_scheduled", "on": "2026-11-26", "data": {"at": "2026-12-03 09:30"}})
    assert answer.status_code == 422


def test_whether_the_agency_head_appeared_is_stored_on_the_hearing(client, login,
                                                                   base_departments):
    counsel = login("counsel", dept="legal")
    case = _with_hearing(client, counsel, at="2026-11-26T09:30:00+08:00")
    _with_hearing(client, counsel, at="2026-11-26T14:00:00+08:00")
    _event(client, counsel, case, type="head_appeared", on="2026-11-26",
           data={"appeared": ["张局长", "李律师"]})
    first, other = _hearings(client, counsel)
    assert first["head_appeared"] is True and first["appeared"] == ["张局长", "李律师"]
    assert other["head_appeared"] is None


def test_an_appearance_names_the_hearing_it_belongs_to(client, login, base_departments):
    counsel = login("counsel", dept="legal")
    case = _lawsuit(client)
    for at in ("2026-11-20T09:30:00+08:00", "2026-11-26T09:30:00+08:00"):
        _event(client, counsel, case, type="hearing_scheduled", on="2026-11-19",
               data={"at": at, "place": "第三法庭"})
    earlier, later = _hearings(client, counsel, "?from=2026-11-01")
    _event(client, counsel, case, type="head_appeared", on="2026-11-26",
           data={"hearing_id": earlier["id"], "appeared": "张局长，李律师"})
    earlier, later = _hearings(client, counsel, "?from=2026-11-01")
    assert earlier["head_appeared"] is True and earlier["appeared"] == ["张局长", "李律师"]
    assert later["head_appeared"] is None


def test_an_appearance_without_a_hearing_is_refused(client, login, base_departments):
    counsel = login("counsel", dept="legal")
    case = _lawsuit(client)
    answer = client.post(f"/api/v1/cases/{case['id']}/events", headers=counsel,
                         json={"type": "head_appeared", "on": "2026-11-26"})
    assert answer.status_code == 422


def test_a_handler_sees_only_the_hearings_of_their_departments_cases(client, login,
                                                                    base_departments):
    _with_hearing(client, login("counsel", dept="legal"))
    assert _hearings(client, login("handler", dept="reserve")) == []


def test_the_ical_feed_parses_with_hearings_and_deadlines(client, login, base_departments):
    counsel = login("counsel", dept="legal")
    case = _with_hearing(client, counsel, complaint_served_on="2026-11-20")
    answer = client.get("/api/v1/hearings.ics", headers=counsel)
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    cal = Calendar.from_ical(answer.data)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    hearing = next(e for s, e in events.items() if s.startswith(case["number"]))
    assert hearing.decoded("dtstart") == datetime.fromisoformat("2026-12-03T09:30:00+08:00")
    assert str(hearing["location"]) == "第三法庭"
    answer_due = next(e for s, e in events.items() if s.startswith("提交答辩状"))
    assert answer_due.decoded("dtstart") == date(2026, 12, 7)
    assert answer_due.decoded("dtend") - answer_due.decoded("dtstart") == timedelta(days=1)
    assert len({str(e["uid"]) for e in events.values()}) == len(events)


def test_the_ical_feed_needs_the_bearer_token(client, base_departments):
    assert client.get("/api/v1/hearings.ics").status_code == 401
