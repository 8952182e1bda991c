"""Writes of the work programme, one module per area (DESIGN.md §5: a module past ~400 lines
becomes a package)."""
