"""A trigram index on matter titles (PostgreSQL only) for intake's similar-matter hint.

Intake looks for earlier matters with a near-identical title with `title LIKE '%…%'`,
which no B-tree serves: at 1,000,000 matters that scan took 0.2-0.5 s per intake
(docs/performance.md). pg_trgm's GIN index answers the same LIKE from the index. SQLite
has no equivalent and keeps the scan. pg_trgm is a trusted extension (PostgreSQL 13+),
so the database owner may create it.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute("CREATE INDEX ix_matters_title_trgm ON matters USING gin (title gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_matters_title_trgm")
