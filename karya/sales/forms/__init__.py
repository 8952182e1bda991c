"""Forms of the sales pages, one module per part. They only parse input; the rules are in
karya.sales.services."""
