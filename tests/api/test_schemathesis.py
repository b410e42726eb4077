"""schemathesis from outside, as a new bureau would run it: scripts/schemathesis-live.

A fresh database (SQLite file, or a new PostgreSQL database), `petitiondesk db upgrade`,
departments with the bureau's own codes and a user per role made with the command line,
`petitiondesk serve` in its own process, then `schemathesis run` on every operation of
/api/v1/openapi.json with `--checks all` and nothing excluded, as a clerk and as an
administrator (sign-out last, since it revokes the token). Any failure of any check
fails this test; schemathesis.toml lists the few operations whose rules no schema can
state, where a schema-valid request may be 422.
"""

from __future__ import annotations

import os
import re
import subprocess
import uuid

import pytest

from tests.dbsetup import PG_ADMIN_URL, backend
from tests.integration.live_server import ROOT


@pytest.fixture
def fresh_database_url():
    """Nothing for SQLite (the script makes its own file); a new empty PostgreSQL database."""
    if backend() == "sqlite":
        yield None
        return
    import psycopg

    name = f"petitiondesk_st_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    yield f"{base}/{name}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_every_operation_keeps_the_documents_promises_against_a_served_new_bureau(
        fresh_database_url):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PETITIONDESK_")}
    run = subprocess.run([str(ROOT / "scripts/schemathesis-live"),
                          *([fresh_database_url] if fresh_database_url else [])],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-12000:]
    # four runs (clerk, admin; each: everything but sign-out, then sign-out), all tested
    selected = [(int(a), int(b)) for a, b in re.findall(r"Selected: (\d+)/(\d+)", report)]
    total = selected[0][1] if selected else 0
    assert total > 40 and selected == [(total - 1, total), (1, total)] * 2, report[-4000:]
    assert re.findall(r"Tested: (\d+)", report) == [str(total - 1), "1"] * 2, report[-4000:]
    # the token held: no operation was tested only against the sign-in wall
    assert "401 Unauthorized (" not in report, report[-4000:]
