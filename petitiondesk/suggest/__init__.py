"""Routing suggestions learned from the bureau's own closed cases."""
