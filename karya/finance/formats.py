"""Formats of the state's payment references (copied from the national reference notes; the
project reads nothing outside its own repository):

- SIMPONI billing code (kode billing PNBP): 15 digits. A billing code is issued for one
  payment and expires (typically after 7 days); it is never used for a second deposit.
- NTPN (Nomor Transaksi Penerimaan Negara, on the deposit receipt): 16 characters, letters and
  digits.

People copy these from printed receipts, so spaces, dots and dashes between groups are ignored
and letters are read in capitals.
"""

from __future__ import annotations

import re

BILLING_CODE_LENGTH = 15
NTPN_LENGTH = 16
_SEPARATORS = re.compile(r"[\s.\-]+")
_BILLING_CODE = re.compile(rf"^[0-9]{{{BILLING_CODE_LENGTH}}}$", re.ASCII)
_NTPN = re.compile(rf"^[A-Z0-9]{{{NTPN_LENGTH}}}$", re.ASCII)


def normalise(text: str) -> str:
    """The reference without separators, in capitals."""
    return _SEPARATORS.sub("", str(text or "")).upper()


def billing_code(text: str) -> str | None:
    """The 15 digits of a SIMPONI billing code, or None when it is not one."""
    code = normalise(text)
    return code if _BILLING_CODE.match(code) else None


def ntpn(text: str) -> str | None:
    """The 16 letters and digits of an NTPN, or None when it is not one."""
    code = normalise(text)
    return code if _NTPN.match(code) else None
