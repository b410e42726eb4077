"""On PostgreSQL, refuse UPDATE and DELETE on the events table (append-only timeline).

The hash chain makes tampering visible; this trigger makes it impossible through SQL for
anyone but a superuser who disables it on purpose. TRUNCATE fires no row trigger, so the
test suite's cleanup is unaffected. SQLite has no such guard (its tests delete rows).

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("""
        CREATE OR REPLACE FUNCTION petitiondesk_events_append_only() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'events are append-only: % refused on event %', TG_OP, OLD.id
                USING ERRCODE = 'insufficient_privilege';
        END;
        $$
    """)
    op.execute("""
        CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
        FOR EACH ROW EXECUTE FUNCTION petitiondesk_events_append_only()
    """)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS events_append_only ON events")
    op.execute("DROP FUNCTION IF EXISTS petitiondesk_events_append_only()")
