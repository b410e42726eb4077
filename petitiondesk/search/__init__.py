"""Chinese full-text search over cases."""
