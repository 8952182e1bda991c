"""Reads of the sales area, one module per part (the writes are in karya.sales.services):
`money` (sales, invoices, payments, the paid amounts for the finance area), `counter` (what the
counter sells, its day summary), `consignment` (goods held by partners, their age, settlements,
what is overdue), `handovers`, `orders` (customer orders with their state). Every query is
filtered by the unit and runs inside its scope."""
