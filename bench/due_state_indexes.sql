-- The two *_due_state indexes of migration 0001, for a database upgraded before 0001 had them
-- (see docs/performance.md). Both SQLite and PostgreSQL.
CREATE INDEX IF NOT EXISTS ix_cases_due_state ON cases (next_due_on, status, suspended);
CREATE INDEX IF NOT EXISTS ix_cases_department_due_state ON cases (department_id, next_due_on, status, suspended);
