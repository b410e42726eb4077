"""API fixtures: a client, tokens for users, the database emptied after every test."""

from __future__ import annotations

import pytest

from tests import factories


@pytest.fixture
def client(app, db, clock):
    """A test client with the app's time fixed."""
    return app.test_client()


@pytest.fixture
def login(client):
    """Return a function giving Authorization headers for a new user with roles."""

    def make(*roles: str, dept: str = "petition", **kwargs) -> dict:
        person = factories.user(*roles, dept=dept, **kwargs)
        answer = client.post("/api/v1/auth/tokens",
                             json={"email": person.email, "password": factories.PASSWORD})
        assert answer.status_code == 201, answer.get_json()
        headers = {"Authorization": f"Bearer {answer.get_json()['token']}"}
        headers["X-User-Id"] = str(person.id)
        return headers

    return make


@pytest.fixture
def base_departments(db):
    """The petition office and two handling departments."""
    for code in ("petition", "legal", "expropriation", "reserve"):
        factories.department(code)
    db.session.commit()
