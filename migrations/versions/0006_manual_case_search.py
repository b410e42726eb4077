"""The case search index (SQLite FTS5, PostgreSQL tsvector + GIN) and imported register rows.

One row per case holding its segmented text (`body`: words cut by rjieba, case and
court case numbers as one token each, ID and phone numbers as keyed hash tokens) and
the readable text snippets are cut from (`content`). SQLite keeps it in an FTS5 table
whose rowid is the case id; PostgreSQL in a table with a generated tsvector ('simple'
configuration: the text is segmented already) and a GIN index. Existing cases are
indexed here; `petitiondesk search reindex` rebuilds it at any time (after changing
SECRET_KEY or SEARCH_KEY, whose key the hash tokens are made with).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

import petitiondesk.core.types

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    _register_entries()
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "CREATE TABLE case_search ("
            " case_id integer PRIMARY KEY REFERENCES cases (id) ON DELETE CASCADE,"
            " body text NOT NULL, content text NOT NULL,"
            " tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED)")
        op.execute("CREATE INDEX ix_case_search_tsv ON case_search USING gin (tsv)")
    else:
        op.execute("CREATE VIRTUAL TABLE case_search USING fts5("
                   "body, content UNINDEXED, tokenize = 'unicode61 remove_diacritics 0')")
    from petitiondesk.search.rebuild import rebuild

    rebuild(bind)


def _register_entries():
    """Register rows imported (`petitiondesk import register`), by the register's number."""
    op.create_table(
        "register_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("register_number", sa.String(length=60), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("matter_key", sa.String(length=400), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.Column("imported_at", petitiondesk.core.types.UTCDateTime(timezone=True),
                  nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"],
                                name=op.f("fk_register_entries_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_register_entries")),
        sa.UniqueConstraint("register_number", name=op.f("uq_register_entries_register_number")),
    )
    with op.batch_alter_table("register_entries") as batch:
        batch.create_index(batch.f("ix_register_entries_case_id"), ["case_id"], unique=False)
        batch.create_index(batch.f("ix_register_entries_matter_key"), ["matter_key"],
                           unique=False)


def downgrade():
    op.execute("DROP TABLE IF EXISTS case_search")
    op.drop_table("register_entries")
