"""Pages of the sales area, one module per part (`consignment`: goods held by partners,
settlements, returns)."""
