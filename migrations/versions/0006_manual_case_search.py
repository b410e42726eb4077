"""The case search index: SQLite FTS5, PostgreSQL tsvector with GIN (issue 16).

One row per case holding its segmented text (`body`: words cut by rjieba, case and
court case numbers as one token each, ID and phone numbers as keyed hash tokens) and
the readable text snippets are cut from (`content`). SQLite keeps it in an FTS5 table
whose rowid is the case id; PostgreSQL in a table with a generated tsvector ('simple'
configuration: the text is segmented already) and a GIN index. Existing cases are
indexed here; `petitiondesk search reindex` rebuilds it at any time (after changing
SECRET_KEY or SEARCH_KEY, whose key the hash tokens are made with).

Revision ID: 0006
Revises: 0004
"""

from alembic import op

revision = "0006"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade():
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


def downgrade():
    op.execute("DROP TABLE IF EXISTS case_search")
