"""APScheduler wiring and the lock that keeps exactly one scheduler active."""
