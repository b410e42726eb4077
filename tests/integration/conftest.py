"""Integration fixtures: the database emptied after every test; a signed-in page client."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture
def pages(app, db, clock):
    """A test client and a way to sign in as a new user with roles."""
    client = app.test_client()

    def sign_in(*roles, dept="petition"):
        person = factories.user(*roles, dept=dept)
        answer = client.post("/login", data={"email": person.email,
                                             "password": factories.PASSWORD})
        assert answer.status_code == 302, answer.get_data(as_text=True)
        return person

    client.sign_in = sign_in
    for code in ("petition", "expropriation", "reserve", "legal"):
        factories.department(code)
    db.session.commit()
    return client


@pytest.fixture
def history(db):
    """The statistics history counted by hand, up to October 2026 (tests/stats_history.py)."""
    from tests.stats_history import History, build_until_october

    h = History()
    build_until_october(h)
    db.session.commit()
    return h
