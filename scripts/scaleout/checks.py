"""The checks: what the client was told against what the database and the catcher hold."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from petitiondesk.documents.kinds import KINDS, sequence_prefix
from scaleout.load import Op

ACK_TABLE = {  # operation kind: (table, the column the answer must match)
    "intake": ("cases", "number"),
    "transfer": ("transfers", "case_id"),
    "transfer_accept": ("transfers", "status"),
    "case_accept": ("cases", "status"),
    "document": ("documents", "number"),
}


@dataclass
class Check:
    """One checked property: passed or not, and the figure that shows it."""

    name: str
    ok: bool
    figure: str


def _acked(ops: list[Op]) -> list[Op]:
    return [o for o in ops if o.status and 200 <= o.status < 300]


def acknowledged_writes(conn, ops: list[Op], *, run_id: str) -> Check:
    """Every answer 200/201 the client saw is in the database as it was answered."""
    lost = []
    for op in _acked(ops):
        table, column = ACK_TABLE[op.kind]
        row = conn.execute(f"SELECT {column} FROM {table} WHERE id = %s",  # noqa: S608
                           (op.body["id"],)).fetchone()
        if row is None or str(row[0]) != str(op.body.get(column)):
            lost.append((op.kind, op.body, row))
    doubled = conn.execute(
        "SELECT title, count(*) FROM cases WHERE title LIKE %s GROUP BY title "
        "HAVING count(*) > 1", (f"scaleout {run_id} #%",)).fetchall()
    twice = conn.execute(
        "SELECT case_id, count(*) FROM transfers GROUP BY case_id HAVING count(*) > 1 "
        "UNION ALL SELECT case_id, count(*) FROM documents GROUP BY case_id "
        "HAVING count(*) > 1").fetchall()
    acked = _acked(ops)
    by_kind = Counter(o.kind for o in acked)
    unanswered = Counter(str(o.status) for o in ops if not (o.status and 200 <= o.status < 300))
    figure = (f"{len(acked)} acknowledged of {len(ops)} operations "
              f"({', '.join(f'{k} {v}' for k, v in sorted(by_kind.items()))}); "
              f"{len(lost)} lost, {len(doubled) + len(twice)} done twice; "
              f"not acknowledged: {dict(unanswered) or 0}; {retries(ops)}")
    for item in lost[:5]:
        figure += f"\n      lost: {item}"
    return Check("acknowledged writes lost", not lost and not doubled and not twice, figure)


def retries(ops: list[Op]) -> str:
    """Return how many operations were retried, and what the attempts before the last got."""
    before = Counter(outcome for o in ops for _, outcome in o.attempts[:-1])
    moved = sum(1 for o in ops if len({host for host, _ in o.attempts}) > 1)
    return (f"{sum(1 for o in ops if len(o.attempts) > 1)} retried with their "
            f"Idempotency-Key ({moved} on the other host) after "
            f"{', '.join(f'{k} x{v}' for k, v in sorted(before.items())) or 'nothing'}")


def deliveries(path: Path) -> list[dict]:
    """Return what the catcher received, one dict per delivery."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def mails(conn, delivered: list[dict], *, host_of, killed: str | None) -> Check:
    """Every outbox row reached its recipient once, as one Message-ID; nothing else arrived.

    Counted by Message-ID: the one repeat allowed is a mail the killed scheduler handed
    to the SMTP server just before SIGKILL, before it could commit "sent" (no sender
    can close that moment): the standby sends it again after the lease, with the same
    Message-ID, so a receiver shows it once. The check names every such repeat and
    fails on any other.
    """
    rows = conn.execute("SELECT key, recipient, status, attempts FROM outbox").fetchall()
    outbox = {key: (rcpt, status, attempts) for key, rcpt, status, attempts in rows}
    got = Counter(d["key"] for d in delivered)
    lost = [k for k in outbox if got[k] == 0]
    unsent = [k for k, (_, status, _) in outbox.items() if status != "sent"]
    resent, doubled = _repeats(delivered, outbox, host_of=host_of, killed=killed)
    stray = [k for k in got if k not in outbox]
    misaddressed = [d["key"] for d in delivered
                    if d["key"] in outbox and d["rcpt"] != outbox[d["key"]][0]]
    ids = {d["message_id"] for d in delivered}
    retried = sum(1 for _, _, attempts in outbox.values() if attempts > 1)
    senders = Counter(host_of(d["peer"]) or d["peer"] for d in delivered)
    ok = not (lost or unsent or doubled or stray or misaddressed) and len(ids) == len(outbox)
    figure = (f"{len(outbox)} outbox mails, {len(delivered)} deliveries of {len(ids)} "
              f"Message-IDs; {len(lost)} lost, {len(doubled)} doubled, {len(stray)} stray, "
              f"{len(misaddressed)} misaddressed, {len(unsent)} not sent; {len(resent)} "
              f"resent with the same Message-ID after the SIGKILL caught {killed} between "
              f"the SMTP server's acceptance and its commit; {retried} sent on a later "
              f"attempt; sent from {', '.join(f'{h} {n}' for h, n in sorted(senders.items()))}")
    return Check("mails doubled or lost", ok, figure)


def _repeats(delivered: list[dict], outbox: dict, *, host_of,
             killed: str | None) -> tuple[list[str], list[str]]:
    """Split the keys delivered more than once: the killed sender's resends, and doubles."""
    by_key: dict[str, list[dict]] = defaultdict(list)
    for d in delivered:
        by_key[d["key"]].append(d)
    resent, doubled = [], []
    for key, got in by_key.items():
        if len(got) < 2:
            continue
        recognisable = (len(got) == 2 and len({d["message_id"] for d in got}) == 1
                        and host_of(got[0]["peer"]) == killed
                        and host_of(got[1]["peer"]) != killed
                        and key in outbox and outbox[key][2] >= 2)
        (resent if recognisable else doubled).append(key)
    return resent, doubled


def _gaps(seqs: list[int]) -> list[int]:
    """Return the numbers missing from 1..max(seqs), and repeats."""
    counted = Counter(seqs)
    top = max(seqs, default=0)
    return [n for n in range(1, top + 1) if counted[n] != 1]


def numbering(conn) -> Check:
    """Case numbers and document numbers run 1..n in each series, matching the sequence."""
    series: dict[str, list[int]] = defaultdict(list)
    for (number,) in conn.execute("SELECT number FROM cases"):
        prefix, _, seq = number.rpartition("-")
        series[prefix].append(int(seq))
    for kind, year, seq in conn.execute("SELECT kind, year, seq FROM documents"):
        series[sequence_prefix(KINDS[kind], year=year)].append(seq)
    last = dict(conn.execute("SELECT prefix, last FROM number_sequences").fetchall())
    bad, parts = [], []
    for prefix, seqs in sorted(series.items()):
        gaps = _gaps(seqs)
        if gaps or last.get(prefix) != len(seqs):
            bad.append(prefix)
        parts.append(f"{prefix} 1..{max(seqs)} ({len(seqs)} issued, sequence at "
                     f"{last.get(prefix)}, {len(gaps)} gaps)")
    return Check("case and document numbers gapless", not bad and bool(series),
                 "; ".join(parts) or "no numbers issued")


def takeover(seen: dict, delivered: list[dict], *, poll: float, slack: float,
             host_of) -> Check:
    """The standby held the lock within the poll window after the active one died, and ran."""
    took, new = seen.get("takeover_seconds"), seen.get("new_holder")
    sent = sum(1 for d in delivered if host_of(d["peer"]) == new)
    ok = took is not None and took <= poll + slack and new != seen.get("killed") and sent > 0
    figure = (f"{seen.get('killed')} SIGKILLed after {seen.get('acked_at_kill')} acknowledged "
              f"operations; {new} active after {took} s (SCHEDULER_LOCK_POLL_SECONDS "
              f"{poll:g}, allowed {poll + slack:g} s) and sent {sent} mails")
    return Check("standby scheduler active within the poll window", ok, figure)


LEFT_TO_NEXT_SWEEP = "clocks not escalated:"


def sweeps(results: list[tuple[str, int | None, str]]) -> Check:
    """Every `petitiondesk sweep` on a web host finished its work or left it to the next.

    A sweep exits 1 naming the clocks it could not escalate when a concurrent request
    held them (PostgreSQL broke a deadlock, or the case changed meanwhile): those are
    retried by the next sweep, and the drain's "no clock due" shows they were. Any other
    failure, or a sweep that did not finish, fails the check.
    """
    ok = all(code == 0 or (code == 1 and LEFT_TO_NEXT_SWEEP in last)
             for _, code, last in results)
    parts = [f"{name} exit {code}" + (f" ({last.strip()})" if code else "")
             for name, code, last in results]
    return Check("sweeps on the web hosts", ok, ", ".join(parts))


def audit(label: str, done) -> Check:
    """`petitiondesk audit verify` passed."""
    text = (done.stdout.strip() or done.stderr.strip()).splitlines()
    return Check(f"audit chains verify ({label})", done.returncode == 0,
                 text[-1] if text else f"exit {done.returncode}")


def same_counts(original, restored) -> Check:
    """The restored copy holds what the original holds."""
    tables = ("cases", "events", "transfers", "documents", "outbox", "clocks")
    counts = {t: [c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
                  for c in (original, restored)] for t in tables}
    ok = all(a == b for a, b in counts.values())
    return Check("pg_dump/pg_restore copy complete", ok, ", ".join(
        f"{t} {a}/{b}" for t, (a, b) in counts.items()) + " (original/restored)")
