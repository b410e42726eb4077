"""App-wide helpers: time, errors, column types, pagination."""
