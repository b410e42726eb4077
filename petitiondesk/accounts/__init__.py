"""Departments, users, roles, API tokens and who may see what."""
