"""Working-day calendar, deadline rules, due-date arithmetic and clocks."""
