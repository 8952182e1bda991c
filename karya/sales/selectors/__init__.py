"""Reads of the sales area, one module per part (`money`: sales, invoices, payments and the
paid amounts for the finance area; `counter`: what the counter sells and its day summary).
Every query is filtered by the unit and runs inside its scope."""
