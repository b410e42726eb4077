"""A large demo fill: indexes set aside and built again, a writer process; same rows."""

from __future__ import annotations

import pytest

from petitiondesk.cases.models import Case
from petitiondesk.demo import bulk
from petitiondesk.demo.base import create_bureau
from petitiondesk.demo.bulk import load_history
from petitiondesk.demo.indexes import secondary_indexes
from petitiondesk.demo.pipe import WriterFailed


def _indexes(db):
    return secondary_indexes(db.session.connection())


@pytest.fixture
def bureau(app, db, clock):
    """The demo bureau on a fixed day; returns the indexes the migrations created."""
    clock.local(2026, 11, 27, 10, 0)
    create_bureau(now=clock.now)
    db.session.commit()
    before = _indexes(db)
    db.session.commit()
    assert len(before) > 20, before  # queue, clock and event indexes among them
    return before


def test_a_fill_that_sets_the_indexes_aside_ends_with_the_same_schema(bureau, db, clock):
    built = []

    def on_rebuild(total):
        built.append(total)
        return lambda n: built.append(-n)

    count = load_history(count=300, seed=7, now=clock.now, batch_size=120,
                         rebuild_indexes=True, on_rebuild=on_rebuild)
    assert count == 300
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 300
    assert _indexes(db) == bureau  # same names, same definitions
    assert built == [len(bureau)] + [-1] * len(bureau)  # one bar step per index


def test_a_failed_fill_still_builds_the_indexes_again(bureau, db, clock):
    def progress(n):
        raise RuntimeError("disk full")  # after the first batch has been committed

    with pytest.raises(RuntimeError, match="disk full"):
        load_history(count=300, seed=7, now=clock.now, batch_size=120, progress=progress,
                     rebuild_indexes=True)
    assert _indexes(db) == bureau
    assert db.session.scalar(db.select(db.func.count(Case.id))) >= 120


def test_a_small_fill_keeps_its_indexes_in_place(bureau, db, clock):
    seen = []

    def progress(n):
        seen.append(len(_indexes(db)))

    load_history(count=50, seed=7, now=clock.now, progress=progress)
    assert seen == [len(bureau)]


def _story(db):
    cases = db.session.scalars(db.select(Case).order_by(Case.id)).all()
    return [(c.track, c.channel, c.title, c.received_on, c.status, c.outcome, c.next_due_on,
             c.event_count, c.created_at, len(c.events_head)) for c in cases]


def test_a_writer_process_writes_the_same_history_as_the_fill_in_process(bureau, db, clock):
    load_history(count=300, seed=7, now=clock.now, batch_size=120, writer_process=False)
    first = _story(db)
    progress = []
    load_history(count=300, seed=7, now=clock.now, batch_size=120, writer_process=True,
                 progress=progress.append)
    db.session.expire_all()
    assert _story(db)[300:] == first
    assert sum(progress) == 300 and _indexes(db) == bureau


def test_a_failing_writer_process_fails_the_fill_and_the_indexes_are_built_again(
        bureau, db, clock, monkeypatch):
    def broken(conn, rows, state, *, copy):
        raise ValueError("no space left on device")

    monkeypatch.setattr(bulk, "write_rows", broken)  # the forked writer sees it too
    with pytest.raises(WriterFailed, match="no space left on device"):
        load_history(count=300, seed=7, now=clock.now, batch_size=120, writer_process=True,
                     rebuild_indexes=True)
    assert _indexes(db) == bureau
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 0
