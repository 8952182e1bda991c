"""Pages of the sales area, one module per part."""
