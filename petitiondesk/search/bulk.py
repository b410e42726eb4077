"""Index rows for cases written in bulk (the demo fill, the register import)."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select

from petitiondesk.cases.models import Party
from petitiondesk.search.index import case_document, event_texts, secret
from petitiondesk.search.terms import document_body, document_content, segment

# `segment` remembered per distinct text: bulk loads repeat few titles and names
_CUT = lru_cache(maxsize=200_000)(segment)


def party_details(conn, parties: list[dict], wanted: set[int]) -> dict[int, tuple]:
    """Return (name, id_number, phone) per wanted party id, from the rows or the database."""
    found = {p["id"]: (p["name"], p.get("id_number"), p.get("phone")) for p in parties
             if p["id"] in wanted}
    missing = sorted(wanted - found.keys())
    for start in range(0, len(missing), 1000):
        stmt = select(Party.id, Party.name, Party.id_number, Party.phone).where(
            Party.id.in_(missing[start:start + 1000]))
        found.update({pid: (name, idn, phone) for pid, name, idn, phone in conn.execute(stmt)})
    return found


def search_rows(conn, *, cases: list[dict], case_parties: list[dict], parties: list[dict],
                events: list[dict], words=_CUT) -> list[dict]:
    """Return the index rows of cases given as the row dicts about to be inserted."""
    by_case: dict[int, list[int]] = {}
    for link in case_parties:
        by_case.setdefault(link["case_id"], []).append(link["party_id"])
    people = party_details(conn, parties, {pid for ids in by_case.values() for pid in ids})
    texts: dict[int, list[str]] = {}
    for ev in events:
        texts.setdefault(ev["case_id"], []).extend(event_texts(ev.get("data")))
    key = secret()
    rows = []
    for case in cases:
        doc = case_document(number=case["number"], title=case["title"],
                            description=case.get("description"),
                            attributes=case.get("attributes"),
                            parties=[people[p] for p in sorted(by_case.get(case["id"], []))
                                     if p in people],
                            event_texts=texts.get(case["id"], []))
        rows.append({"case_id": case["id"], "body": document_body(doc, key, words=words),
                     "content": document_content(doc)})
    return rows
