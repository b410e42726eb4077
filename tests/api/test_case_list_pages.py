"""The case list at scale: totals capped past capped.CAP, pages by keyset cursor."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from petitiondesk.accounts.models import User
from petitiondesk.cases import intake, keyset
from petitiondesk.cases.models import Case
from tests import factories
from tests.factories import intake_body

# deadlines with ties (several cases on one day) and cases without one (they come last)
DUES = [date(2026, 12, 1), date(2026, 12, 1), None, date(2026, 11, 25), date(2026, 12, 1),
        None, date(2026, 11, 25), date(2026, 12, 9), None, date(2026, 12, 1)]


@pytest.fixture
def cases(app, db, clock, base_departments):
    """Make n cases (expropriation, then m in reserve) with tied deadlines and receipts."""

    def make(n: int, *, elsewhere: int = 0) -> list[int]:
        clerk = factories.user("clerk")
        clerk_id, made = clerk.id, []
        for i in range(n + elsewhere):
            received = clock.now.date() - timedelta(days=i % 3)
            body = intake_body(department="expropriation" if i < n else "reserve",
                               received_on=received.isoformat())
            body.update(received_on=received, attributes={})
            case = intake.register_case(data=body, actor=db.session.get(User, clerk_id),
                                        now=clock.now)
            case.next_due_on = DUES[i % len(DUES)]
            made.append(case.id)
        db.session.commit()
        return made

    return make


def _key(sort: str):
    """The list's order in Python, to compare with the database's."""
    if sort == "received":
        return lambda c: (-c.received_on.toordinal(), -c.id)
    return lambda c: (c.next_due_on is None, c.next_due_on or date.min, c.id)


def _expected(db, ids: list[int], sort: str) -> list[int]:
    rows = db.session.scalars(db.select(Case).where(Case.id.in_(ids))).all()
    return [c.id for c in sorted(rows, key=_key(sort))]


def _walk(client, headers, **query) -> list[list[int]]:
    """Follow next_after from the first page to the last; return each page's case ids."""
    pages, after = [], None
    while True:
        args = {**query, **({"after": after} if after else {})}
        answer = client.get("/api/v1/cases", query_string=args, headers=headers)
        assert answer.status_code == 200, answer.get_json()
        body = answer.get_json()
        pages.append([item["id"] for item in body["items"]])
        after = body["next_after"]
        if after is None:
            return pages
        assert len(pages) < 50, "the cursor does not advance"


@pytest.mark.parametrize("sort", ["due", "received"])
def test_cursor_pages_list_every_visible_case_once_in_order(client, login, db, cases, sort):
    mine = cases(13, elsewhere=4)[:13]
    handler = login("handler", dept="expropriation")
    pages = _walk(client, handler, sort=sort, per_page=4)
    assert [len(p) for p in pages] == [4, 4, 4, 1]
    walked = [i for p in pages for i in p]
    assert walked == _expected(db, mine, sort)  # in order, none twice, none of reserve's
    by_number = [client.get("/api/v1/cases", headers=handler, query_string={
        "sort": sort, "per_page": 4, "page": n}).get_json()["items"] for n in (1, 2, 3, 4)]
    assert [[item["id"] for item in p] for p in by_number] == pages  # `page` agrees


def test_a_cursor_follows_the_filters_it_is_given(client, login, db, cases, clock):
    made = cases(10)
    clerk = login("clerk")
    pages = _walk(client, clerk, clock_state="on_track", per_page=2)
    walked = [i for p in pages for i in p]
    open_ones = [i for i in _expected(db, made, "due")
                 if db.session.get(Case, i).next_due_on is None
                 or db.session.get(Case, i).next_due_on > clock.now.date() + timedelta(days=3)]
    assert walked == open_ones and len(walked) == len(set(walked))


def test_the_last_page_has_no_cursor_and_a_cursor_past_it_gives_nothing(client, login, cases):
    cases(3)
    clerk = login("clerk")
    body = client.get("/api/v1/cases?per_page=3", headers=clerk).get_json()
    assert body["next_after"] is None and len(body["items"]) == 3
    body = client.get("/api/v1/cases?per_page=2", headers=clerk).get_json()
    last = client.get("/api/v1/cases", headers=clerk, query_string={
        "per_page": 2, "after": body["next_after"]}).get_json()
    assert len(last["items"]) == 1 and last["next_after"] is None


@pytest.mark.parametrize("query, why", [
    ({"after": "bm90LWEtY3Vyc29y"}, "not a cursor of this list"),
    ({"after": "!!"}, "String does not match"),
    ({"after": "x" * 65}, "Length must be between"),
    ({"after": keyset.Cursor("received", date(2026, 11, 27), 1).token(), "sort": "due"},
     "made for sort=received"),
    ({"after": keyset.Cursor("due", None, 1).token(), "q": "补偿"},
     "sorted by relevance pages with `page`"),
])
def test_a_malformed_cursor_is_422_with_the_reason(client, login, cases, query, why):
    cases(2)
    answer = client.get("/api/v1/cases", headers=login("clerk"), query_string=query)
    assert answer.status_code == 422
    body = answer.get_json()
    assert body["code"] == "invalid" and why in " ".join(body["errors"]["after"])


def test_totals_are_exact_up_to_the_cap_and_capped_past_it(client, login, cases, monkeypatch):
    from petitiondesk.search import capped

    monkeypatch.setattr(capped, "CAP", 3)
    cases(3, elsewhere=2)
    handler, clerk = login("handler", dept="expropriation"), login("clerk")
    exact = client.get("/api/v1/cases", headers=handler).get_json()
    assert (exact["total"], exact["total_capped"]) == (3, False)
    past = client.get("/api/v1/cases?per_page=2", headers=clerk).get_json()
    assert (past["total"], past["total_capped"]) == (3, True)
    assert len(_walk(client, clerk, per_page=2)) == 3  # the pages go on past the cap
