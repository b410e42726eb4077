"""Legacy disputes, escalation to the legal track, litigation, reconsideration, hearings."""
