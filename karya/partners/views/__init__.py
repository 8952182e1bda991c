"""Staff pages of partners, agreements and visits (one module each)."""
