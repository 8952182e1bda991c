"""Finance pages: the national split rules (rules.py, under /kelola/pembagian-hasil/) and the
unit's proceeds split and PNBP (unit.py, under /upt/<code>/keuangan/)."""
