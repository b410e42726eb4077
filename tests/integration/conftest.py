"""Integration fixtures: the database emptied after every test."""
