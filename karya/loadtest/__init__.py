"""Load driver: simulated users (officers, treasurers, partners, public visitors) run against a
Karya served by gunicorn from a separate process; per-page latency, errors, workers' memory.

- `karya soak` (karya.loadtest.soak): 50 users for five minutes, report in docs/soak/.
- `measure_public_catalogue(base_url, duration, users, server_pid)`: the public catalogue's
  throughput against a trivial view of the same server (issue 10, B7/B8).
- `serve(workers, log, env)`: a context manager serving Karya the way `make run` does.
"""

from karya.loadtest.runner import measure_public_catalogue, run_users
from karya.loadtest.server import serve

__all__ = ["measure_public_catalogue", "run_users", "serve"]
