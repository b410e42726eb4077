"""The escalation ladder, the sweep, the outbox and e-mail."""
