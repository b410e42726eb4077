"""A large demo fill sets the secondary indexes aside and always builds them again."""

from __future__ import annotations

import pytest

from petitiondesk.cases.models import Case
from petitiondesk.demo.base import create_bureau
from petitiondesk.demo.bulk import load_history
from petitiondesk.demo.indexes import secondary_indexes


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
