"""Statutory notice documents: templates, numbers, PDFs and their service."""
