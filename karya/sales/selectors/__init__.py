"""Reads of the sales area, one module per part (`consignment`: goods held by partners, their
age, settlements and what is overdue)."""
