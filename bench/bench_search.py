"""Time full-text searches (GET /api/v1/cases?q=) on a demo-filled database.

Usage (from the repository root, on a database that `petitiondesk demo --cases N` filled,
with the same SECRET_KEY as the fill, since ID numbers are indexed as keyed hashes):
    PETITIONDESK_SECRET_KEY=... PYTHONPATH=. .venv/bin/python bench/bench_search.py \
        --database-url URL --label "pg 100k" [--runs 40]

Signs in through the test client (API tokens) as the demo's clerk (sees every case) and
handler (one department), and GETs `/api/v1/cases?q=...` for each query `--runs` times
one after another after 3 warm-up requests: the whole request (auth, search, count,
25 rows with their clocks, snippets), as a client sees it, without a web server's
overhead. Queries: two-word ones of the demo's vocabulary from rare to very common, a
word from the middle of a description, a party's name with a word, an exact ID number.
Figures (p50 / p95 / max ms, matches, load average) go to bench/results-search.jsonl.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "demo-pass-2026"
# two words each; from rare to very common in the demo's history
QUERIES = ["花园街 围挡破损", "湖滨路 过渡费", "安置房 交付", "征收 补偿"]


def load1() -> float:
    """Return the 1-minute load average."""
    return round(os.getloadavg()[0], 2)


def token(client, email: str) -> dict:
    """Return Authorization headers for a demo user."""
    answer = client.post("/api/v1/auth/tokens", json={"email": email, "password": PASSWORD})
    assert answer.status_code == 201, answer.get_json()
    return {"Authorization": f"Bearer {answer.get_json()['token']}"}


def demo_queries(db) -> list[str]:
    """Return the fixed queries plus a party's name with a word and an ID number."""
    from petitiondesk.cases.models import Case, CaseParty, Party

    row = db.session.execute(
        db.select(Party.name, Party.id_number, Case.title)
        .join(CaseParty, CaseParty.party_id == Party.id).join(Case, Case.id == CaseParty.case_id)
        .where(Party.id_number.is_not(None)).order_by(Case.id.desc()).limit(1)).first()
    db.session.rollback()
    name, id_number, title = row
    word = title[-4:-2]  # a word from the middle of the subject
    return [*QUERIES, "要求说明收储依据"[2:6], f"{name} {word}", id_number]


def time_query(client, headers: dict, q: str, runs: int) -> dict:
    """GET the search `runs` times; return latency figures and the match count."""
    url, args = "/api/v1/cases", {"q": q, "per_page": 25}
    for _ in range(3):
        client.get(url, query_string=args, headers=headers)
    took, total = [], None
    for _ in range(runs):
        started = time.perf_counter()
        answer = client.get(url, query_string=args, headers=headers)
        took.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
        total = answer.get_json()["total"]
    took.sort()
    return {"q": q, "runs": runs, "matches": total,
            "p50_ms": round(statistics.median(took), 1),
            "p95_ms": round(took[int(0.95 * (len(took) - 1))], 1),
            "max_ms": round(took[-1], 1), "load1": load1()}


def main() -> None:
    """Run the searches and append the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    from petitiondesk import create_app
    from petitiondesk.cases.models import Case
    from petitiondesk.extensions import db

    app = create_app({"DATABASE_URL": args.database_url})
    out = ROOT / "bench" / "results-search.jsonl"
    with app.app_context():
        cases = db.session.scalar(db.select(db.func.count(Case.id)))
        queries = demo_queries(db)
        client = app.test_client()
        for who in ("clerk@bureau.example", "handler@bureau.example"):
            headers = token(client, who)
            for q in queries:
                result = {"label": args.label, "cases": cases, "user": who.split("@")[0],
                          "dialect": db.engine.dialect.name,
                          "at": datetime.now(UTC).isoformat(timespec="seconds"),
                          **time_query(client, headers, q, args.runs)}
                print(json.dumps(result, ensure_ascii=False), flush=True)
                with out.open("a") as fh:
                    fh.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
