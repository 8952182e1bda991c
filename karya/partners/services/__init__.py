"""Writes on partners, agreements, obligations, visits and reminders (one module each)."""
