"""Monthly statistics, reports and exports."""
