"""The intake benchmark's yardstick: a bare Flask endpoint that inserts one row.

Served by the same gunicorn, with the same workers, on the same database as the real
intake, so that `cases per second / baseline rows per second` says how much of the
cost is petitiondesk's own (validation, routing, numbering, clocks, timeline, mail).

    BASELINE_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/db \
        .venv/bin/gunicorn -w 2 -b 127.0.0.1:8100 --chdir bench baseline_app:app
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import Flask, jsonify, request
from sqlalchemy import create_engine, text

engine = create_engine(os.environ["BASELINE_DATABASE_URL"], pool_size=2, pool_pre_ping=False)
with engine.begin() as conn:
    conn.execute(text("CREATE TABLE IF NOT EXISTS bench_baseline ("
                      "id SERIAL PRIMARY KEY, title VARCHAR(300), body TEXT, "
                      "created_at TIMESTAMP WITH TIME ZONE)"))

app = Flask(__name__)


@app.post("/insert")
def insert():
    """Insert one row from the JSON body and answer 201 with its id."""
    body = request.get_json()
    with engine.begin() as conn:
        new_id = conn.execute(
            text("INSERT INTO bench_baseline (title, body, created_at) "
                 "VALUES (:t, :b, :c) RETURNING id"),
            {"t": body.get("title", ""), "b": str(body), "c": datetime.now(UTC)}).scalar_one()
    return jsonify({"id": new_id}), 201
