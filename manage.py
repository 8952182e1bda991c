#!/usr/bin/env python
"""Django's command-line utility; `karya` (karya/cli.py) is the same with friendlier names."""

from karya.cli import main

if __name__ == "__main__":
    main()
