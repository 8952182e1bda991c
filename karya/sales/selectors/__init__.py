"""Reads of the sales area, one module per part (the writes are in karya.sales.services):
`consignment` (goods held by partners, their age, settlements, what is overdue), `handovers`."""
