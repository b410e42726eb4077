"""Write the good rows of a checked register: parties, matters, cases, history, clocks.

Rows are built in memory the way intake and the lifecycle services build them (the
demo's simulated case, demo/sim.py, whose rows the demo tests check against the real
services) and written in batches with Core inserts (COPY on PostgreSQL), all in the
caller's one transaction: a failure leaves nothing behind. Imported history is
written as events carrying `imported: true` at the dates the register gives; clocks
count from those dates, and alert levels whose time has passed count as fired, so no
backlog of reminders is mailed for deadlines that ran out before the import.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from petitiondesk.accounts.offices import office
from petitiondesk.cases.lifecycle import REPLYING
from petitiondesk.cases.models import Party
from petitiondesk.core.local import local_today
from petitiondesk.deadlines import service as clocks
from petitiondesk.demo import writer
from petitiondesk.demo.bulk import alert_rescheduler
from petitiondesk.demo.register import Ids
from petitiondesk.demo.sim import Engine, SimCase
from petitiondesk.extensions import db
from petitiondesk.imports.mapping import header_key
from petitiondesk.imports.models import RegisterEntry
from petitiondesk.imports.rows import RegisterRow
from petitiondesk.imports.service import Report
from petitiondesk.search.bulk import search_rows
from petitiondesk.transfers.routing import choose_route
from petitiondesk.transfers.routing_service import stored_routes

BATCH = 5000
LOCKED = ("number_sequences", "parties", "matters", "cases", "case_parties", "clocks",
          "events", "register_entries")


def import_rows(report: Report, *, actor_id: int | None, now: datetime, progress=None) -> int:
    """Write the report's good rows; the caller commits. Return how many cases were made."""
    _lock()
    ids = Ids(writer.start_ids(), writer.number_sequences())
    engine = Engine(rules=clocks.rules(), calendar=clocks.load_calendar(), take_id=ids.take,
                    reschedule=alert_rescheduler(now))
    builder = Builder(report, ids=ids, engine=engine, actor_id=actor_id, now=now)
    for start in range(0, len(report.good), BATCH):
        batch = report.good[start:start + BATCH]
        builder.write([builder.case(row) for row in batch])
        if progress:
            progress(len(batch))
    _analyze()
    return len(report.good)


def _analyze() -> None:
    """Refresh PostgreSQL's statistics of the tables the next check looks rows up in.

    A statement psycopg prepared while register_entries was empty keeps a plan for an
    empty table (a sequential scan testing each of 1,000 numbers per row): the check
    after an import of 100,000 rows took 350-460 s on the same connection. ANALYZE
    makes every connection plan those lookups again.
    """
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("ANALYZE register_entries, parties")


def _lock() -> None:
    """Hold off intake while the import takes ids and numbers (released at commit)."""
    conn = db.session.connection()
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"LOCK TABLE {', '.join(LOCKED)} IN SHARE ROW EXCLUSIVE MODE")
    else:  # a write takes SQLite's single writer lock before anything is read
        conn.exec_driver_sql("UPDATE number_sequences SET last = last")


class Builder:
    """Turn register rows into the rows of every table, batch by batch."""

    def __init__(self, report: Report, *, ids: Ids, engine: Engine, actor_id: int | None,
                 now: datetime):
        self.report, self.ids, self.engine = report, ids, engine
        self.actor_id, self.now, self.today = actor_id, now, local_today(now)
        self.routes = stored_routes()
        codes = dict(db.session.execute(db.select(writer.table("departments").c.code,
                                                  writer.table("departments").c.id)).all())
        self.codes = codes
        self.offices: dict[str, int] = {}
        self.people = _known_people(report)  # ID number (or name|phone) → party id
        self.matters: dict[str, int] = _known_matters(report)
        self.rows = self._empty()

    def _empty(self) -> dict[str, list]:
        return {"parties": [], "matters": [], "cases": [], "case_parties": [], "clocks": [],
                "events": [], "register_entries": []}

    def case(self, row: RegisterRow) -> SimCase:
        """Build one case with its party, matter, history and clocks."""
        party = self._party(row)
        matter_id, key = self._matter(row, party)
        values = self._case_row(row, matter_id)
        case = SimCase(self.engine, values)
        case.record("imported", now=self.now, actor_id=self.actor_id, on=row.received_on,
                    data={"register_number": row.register_number, "source": self.report.source,
                          "row": row.row, "department": self._code(values["department_id"])})
        self._history(case, row)
        self.rows["case_parties"].append({"case_id": values["id"], "party_id": party,
                                          "role": "petitioner"})
        self.rows["register_entries"].append({
            "register_number": row.register_number, "case_id": values["id"],
            "matter_key": key, "source": self.report.source[:200], "imported_at": self.now})
        return case

    def _history(self, case: SimCase, row: RegisterRow) -> None:
        """Start the intake clocks, then replay acceptance, reply and closing at their dates."""
        case.fire("received", on=row.received_on, now=self.now)
        if row.get("complaint_served_on"):
            case.fire("complaint_served", on=row.get("complaint_served_on"), now=self.now)
        steps = [("accept", row.get("accepted_on"), {}),
                 ("reply", row.get("reply_on"), {"text": row.get("reply_text", ""),
                                                 "outcome": row.get("outcome"),
                                                 "stage": "reply"}),
                 ("close", row.get("closed_on"), {"outcome": row.get("outcome")})]
        if not row.get("accepted_on") and (row.get("reply_on") or row.get("closed_on")):
            steps[0] = ("accept", row.received_on, {})  # a reply implies it was taken on
        if row.track in REPLYING and row.get("closed_on") and not row.get("reply_on"):
            steps[1] = (steps[1][0], row.get("closed_on"), steps[1][2])  # replied on closing
        for action, on, data in steps:
            if on:
                if action in ("reply", "close"):
                    case.set(outcome=row.get("outcome"))
                case.transition(action, actor_id=self.actor_id, now=self.now, today=on,
                                data={**data, "imported": True})

    def _party(self, row: RegisterRow) -> int:
        """Return the party: known by ID number (in the database or earlier in the file)."""
        idn = row.get("id_number")
        key = idn or f"{row.name}|{row.get('phone', '')}"
        if key in self.people:
            return self.people[key]
        known = self.ids.take("parties")
        self.rows["parties"].append({
            "id": known, "name": row.name, "id_number": idn, "phone": row.get("phone"),
            "address": row.get("address"), "created_at": self.now})
        self.people[key] = known
        return known

    def _matter(self, row: RegisterRow, party: int) -> tuple[int, str]:
        """Return the matter: the register's matter number, or the same party and subject."""
        key = (f"m:{header_key(row.get('matter'))}" if row.get("matter")
               else f"p:{party}:{header_key(row.title)}")[:400]
        if key not in self.matters:
            self.matters[key] = self.ids.take("matters")
            self.rows["matters"].append({
                "id": self.matters[key], "title": row.title, "created_at": self.now,
                "first_received_on": row.received_on, "legacy": False, "legacy_flag": False,
                "policy_change_flag": False, "knew_of_act_on": None, "escalated_at": None})
        return self.matters[key], key

    def _department(self, row: RegisterRow) -> int:
        """Return the department named in the row, else the legal office or the routed one."""
        named = row.get("department")
        if named:
            return self.report.departments[header_key(named)]
        if row.track in ("reconsideration", "litigation"):
            return self._office("legal")
        route = choose_route(self.routes, category=row.category, area=row.get("area"),
                             text=f"{row.title} {row.get('description', '')}")
        return self.codes[route.department_code] if route else self._office("intake")

    def _office(self, function: str) -> int:
        """Return the id of the department serving a function; refuse (422) while none does.

        The import is one transaction, so a refusal here writes nothing."""
        if function not in self.offices:
            self.offices[function] = office(function).id
        return self.offices[function]

    def _code(self, department_id: int) -> str:
        return next(c for c, i in self.codes.items() if i == department_id)

    def _case_row(self, row: RegisterRow, matter_id: int) -> dict:
        """Return the case row as intake builds it, numbered in our own sequence."""
        department = self._department(row)
        attrs = {k: row.get(k) for k in ("court", "court_case_number") if row.get(k)}
        if row.get("complaint_served_on"):
            attrs["complaint_served_on"] = row.get("complaint_served_on").isoformat()
        attrs["register_number"] = row.register_number
        return {
            "id": self.ids.take("cases"), "number": self.ids.number(row.track,
                                                                    row.received_on.year),
            "track": row.track, "channel": row.channel, "status": "registered",
            "outcome": None, "title": row.title, "description": row.get("description", ""),
            "category": row.category, "area": row.get("area"), "received_on": row.received_on,
            "visitors": 1 if row.channel == "visit" else 0, "matter_id": matter_id,
            "department_id": department, "answerable_department_id": department,
            "assignee_id": None, "created_by_id": self.actor_id, "attributes": attrs,
            "supervised": False, "supervision_reason": None, "designated": False,
            "transfers_count": 0, "bounced": False, "suspended": False,
            "not_to_be_accepted_again": False, "diversion_proposal": None,
            "next_due_on": None, "created_at": self.now, "updated_at": self.now,
            "closed_at": None, "closed_on": None, "events_head": "", "event_count": 0,
            "version": 1}

    def write(self, cases: list[SimCase]) -> None:
        """Insert one batch of rows (no commit)."""
        rows = self.rows
        for case in cases:
            rows["cases"].append(case.finish())
            rows["clocks"].extend(c.row() for c in case.clocks)
            rows["events"].extend(case.events)
        conn = db.session.connection()
        rows["case_search"] = search_rows(conn, cases=rows["cases"],
                                          case_parties=rows["case_parties"],
                                          parties=rows["parties"], events=rows["events"])
        entries = rows.pop("register_entries")
        writer.write_batch(rows, sequences=self.ids.sequences, touched=self.ids.touched,
                           next_ids=self.ids.next, copy=True, matter_updates=[])
        conn.execute(RegisterEntry.__table__.insert(), entries)
        self.rows = self._empty()


def _known_matters(report: Report) -> dict[str, int]:
    """Return the matters earlier imports grouped rows into, by key."""
    rows = db.session.execute(select(RegisterEntry.matter_key, writer.table("cases").c.matter_id)
                              .join(writer.table("cases"),
                                    writer.table("cases").c.id == RegisterEntry.case_id))
    return dict(rows.all())


def _known_people(report: Report) -> dict[str, int]:
    """Return the party id of every ID number in the rows that the database knows."""
    numbers = sorted({r.get("id_number") for r in report.good if r.get("id_number")})
    found: dict[str, int] = {}
    for start in range(0, len(numbers), 1000):
        found.update(db.session.execute(select(Party.id_number, Party.id).where(
            Party.id_number.in_(numbers[start:start + 1000]))).all())
    return found
