"""Karya: the inmate work programme and the market of what inmates make."""
