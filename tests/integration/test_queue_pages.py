"""The queue page at scale: tab counts capped past capped.CAP, Next and Previous by cursor."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest

from petitiondesk.accounts.models import User
from petitiondesk.cases import intake
from petitiondesk.cases.models import Case
from tests.factories import intake_body

DUES = [date(2026, 12, 1), None, date(2026, 12, 1), date(2026, 11, 25), date(2026, 12, 1),
        date(2026, 11, 25), None]


@pytest.fixture
def queue(pages, db, clock, monkeypatch):
    """A handler signed in, 4 rows a page, and a way to add cases with tied deadlines."""
    from petitiondesk.web import queue as queue_view

    monkeypatch.setattr(queue_view, "PER_PAGE", 4)
    handler = pages.sign_in("handler", dept="expropriation")

    def add(n: int, *, dept: str = "expropriation") -> list[int]:
        actor, made = db.session.get(User, handler.id), []
        for i in range(n):
            received = clock.now.date() - timedelta(days=i % 2)
            body = intake_body(department=dept, received_on=received.isoformat())
            body.update(received_on=received, attributes={})
            case = intake.register_case(data=body, actor=actor, now=clock.now)
            case.next_due_on = DUES[i % len(DUES)]
            made.append(case.id)
        db.session.commit()
        return made

    return pages, add


def _rows(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'<td class="nowrap"><a href="/cases/(\d+)">', page)]


def _link(page: str, text: str) -> str | None:
    found = re.search(rf'<a class="button secondary" href="([^"]+)">{text}</a>', page)
    return html.unescape(found.group(1)) if found else None


def test_next_and_previous_show_every_case_once_in_deadline_order(queue, db):
    pages, add = queue
    mine = add(11)
    add(3, dept="reserve")  # another department's: never on this queue
    expected = [c.id for c in sorted(db.session.scalars(db.select(Case).where(
        Case.id.in_(mine))), key=lambda c: (c.next_due_on is None, c.next_due_on or date.min,
                                            c.id))]
    forward, url = [], "/"
    while url:
        page = pages.get(url).get_data(as_text=True)
        forward.append(_rows(page))
        url = _link(page, "下一页")
    assert [i for p in forward for i in p] == expected
    assert [len(p) for p in forward] == [4, 4, 3]
    backward, url = [], _link(page, "上一页")
    while url:
        page = pages.get(url).get_data(as_text=True)
        backward.append(_rows(page))
        url = _link(page, "上一页")
    assert backward == forward[-2::-1]  # the same pages, back to the first


def test_tab_counts_are_exact_up_to_the_cap_and_say_more_past_it(queue, monkeypatch):
    from petitiondesk.search import capped

    monkeypatch.setattr(capped, "CAP", 3)
    pages, add = queue
    add(3)
    page = pages.get("/").get_data(as_text=True)
    assert "<strong>3</strong></a>" in page and "共 3 件" in page
    add(2)
    page = pages.get("/").get_data(as_text=True)
    assert "<strong>3+</strong></a>" in page and "共 3+ 件" in page
    assert _link(page, "下一页")  # the pages go on past the cap


def test_a_broken_page_link_is_422_and_leads_back_to_the_first_page(queue):
    pages, add = queue
    add(2)
    answer = pages.get("/?after=garbage&page=2")
    assert answer.status_code == 422
    assert 'href="/"' in answer.get_data(as_text=True)
