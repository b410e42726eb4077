"""The committed migrations build exactly the schema the models describe."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from petitiondesk.core.manual_schema import include_object


def test_models_and_migrations_do_not_drift_apart(db):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True,
                                                         "include_object": include_object})
        diff = compare_metadata(context, db.metadata)
    assert diff == [], (
        "models and migrations differ; run scripts/regen-migration (or add a migration): "
        f"{diff}"
    )


def test_postgresql_serves_the_title_search_from_the_trigram_index(db):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no trigram index; the LIKE scan is the documented fallback")
    with db.engine.connect() as conn:
        names = {row[0] for row in conn.exec_driver_sql(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'matters'")}
    assert "ix_matters_title_trgm" in names
