"""A unit's name the way Indonesian press releases write it.

"Lapas Kelas IIA Purwokerto" is introduced once in full ("Lembaga Pemasyarakatan (Lapas)
Kelas IIA Purwokerto"), then named "Lapas Kelas IIA Purwokerto" or, shorter, "Lapas
Purwokerto"; the dateline is the town in capitals ("PURWOKERTO"); the release is signed by the
unit's public relations ("Humas Lapas Purwokerto").
"""

from __future__ import annotations

import re

# The words an abbreviation stands for, introduced at the first mention.
LONG_FORMS = {
    "Lapas": "Lembaga Pemasyarakatan",
    "Rutan": "Rumah Tahanan Negara",
    "LPKA": "Lembaga Pembinaan Khusus Anak",
    "LPP": "Lembaga Pemasyarakatan Perempuan",
}
CLASS = re.compile(r"\s+Kelas\s+\S+\s+")


def short_name(name: str) -> str:
    """'Lapas Kelas IIA Purwokerto' → 'Lapas Purwokerto' (the class left out)."""
    return CLASS.sub(" ", name, count=1).strip()


def town(name: str) -> str:
    """'Lapas Kelas IIA Purwokerto' → 'Purwokerto': what follows the class (else the last
    word)."""
    parts = CLASS.split(name, maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else name.split()[-1]


def dateline(name: str) -> str:
    """'PURWOKERTO' for the opening of a release."""
    return town(name).upper()


def first_mention(name: str) -> str:
    """'Lembaga Pemasyarakatan (Lapas) Kelas IIA Purwokerto'."""
    first, _, rest = name.partition(" ")
    long_form = LONG_FORMS.get(first)
    if long_form is None:
        return name
    return f"{long_form} ({first}) {rest}".strip()


def signature(name: str) -> str:
    """'Humas Lapas Purwokerto'."""
    return f"Humas {short_name(name)}"
