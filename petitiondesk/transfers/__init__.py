"""Routing, assignment, transfers between departments and supervision."""
