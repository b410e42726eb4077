"""Parties, matters, cases, the lifecycle and the timeline."""
