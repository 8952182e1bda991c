"""Writes of the premi area: runs (runs.py), the inmate ledger (ledger.py), the unit's setting
and the workshops' premi terms (terms.py), the reminder on departures (reminders.py)."""
