"""Scanned letters and court papers attached to cases."""
