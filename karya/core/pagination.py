"""Pages of long lists that cost the same on page 1 and page 500.

Django's `Paginator` slices the list's query: `SELECT <every column, every join> … ORDER BY …
LIMIT 50 OFFSET 24950`. PostgreSQL must then build the joined rows of everything before the
page too, and with thousands of rows it plans for all of them (a hash of a whole joined table,
e.g. every lot of the country for the production orders). `PagedByKey` asks instead for the
page's primary keys alone (the list's own filters and order, no joined columns, no computed
ones: an index serves it) and fetches those rows with everything the page shows, in the same
single statement: `… WHERE id IN (SELECT id … ORDER BY … LIMIT 50 OFFSET n) ORDER BY …`.
The page shows the same rows in the same order, in as many queries as before.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import QuerySet


class PagedByKey(Paginator):
    """A `Paginator` of a QuerySet whose page is read by key (see the module docstring).
    The ordering must end with a unique column (e.g. `-pk`) so the pages do not overlap."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if isinstance(rows, QuerySet):
            keys = rows.values("pk")[bottom:top]
            page_rows = rows.filter(pk__in=keys)
        else:
            page_rows = rows[bottom:top]
        return self._get_page(page_rows, number, self)
