"""Forms of the sales area, one module per part. They only parse input; the rules are in
karya.sales.services."""
