"""Bringing in a bureau's existing registers (信访台账, 诉讼台账) from Excel or CSV."""
