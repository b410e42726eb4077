"""The audit trail: verifying every case's hash-chained timeline."""
