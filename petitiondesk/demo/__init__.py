"""Demo data: a land-reserve bureau with users for every role and a case history."""
