"""How a Karya worker process settles before it serves.

`settle()` loads what every request needs anyway (every URL pattern, so every view, form and
API schema module) and then moves the objects loaded so far into the garbage collector's
permanent generation (`gc.freeze`). They live as long as the process, but a full collection
would otherwise walk them all: about 250,000 objects, 110 ms every few requests of a dashboard
on the national benchmark (docs/bench), now about 7 ms. Called by `karya.wsgi` in each
gunicorn worker, and by `karya bench` so that it measures what a served worker does.
"""

from __future__ import annotations

import gc

from django.urls import get_resolver


def settle() -> None:
    """Import every view through the URL patterns, then freeze the heap (see the module).
    Side effects: the URL resolver is populated; later collections skip the frozen objects."""
    get_resolver().reverse_dict  # noqa: B018 # populating it imports every URL's view module
    gc.collect()
    gc.freeze()
