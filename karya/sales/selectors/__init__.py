"""Reads of the sales area, one module per part (the writes are in karya.sales.services)."""
