"""Filtering by many units at once."""

from django.db import connection
from django.db.models.expressions import RawSQL

# Above this many units, PostgreSQL gets one array parameter instead of a placeholder per unit.
MANY = 20


def unit_ids(ids):
    """The value for `facility_id__in=` of the units `ids`. The country is 530 units: a list
    becomes 530 placeholders, which Django and the driver build and send for every query of a
    dashboard at a cost above the query's own; on PostgreSQL the ids go as one array."""
    ids = [int(pk) for pk in ids]
    if connection.vendor == "postgresql" and len(ids) > MANY:
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return ids
