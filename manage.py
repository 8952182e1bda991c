#!/usr/bin/env python
"""Django's command-line utility for development: DEBUG is on unless the environment says
otherwise (so no SECRET_KEY is needed). Production uses `karya` (karya/cli.py) and gunicorn,
which require SECRET_KEY."""

import os

from karya.cli import main

if __name__ == "__main__":
    os.environ.setdefault("DEBUG", "1")
    main()
