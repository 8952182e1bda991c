"""The writes of the finance area: split rules (rules.py), the proceeds split of money received
(splits.py) and PNBP deposits and targets (pnbp.py)."""
