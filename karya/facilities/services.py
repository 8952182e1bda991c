"""Writes on regions and units. Each is one transaction with its audit row."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from karya.audit.services import audited_create, audited_update
from karya.facilities.choices import FacilityType
from karya.facilities.models import Facility, Region

REFERENCE_FILE = Path(__file__).resolve().parent / "data" / "upt.csv"

TYPE_BY_REFERENCE_NAME = {
    "Lapas": FacilityType.LAPAS,
    "Lapas Narkotika": FacilityType.LAPAS_NARKOTIKA,
    "Lapas Terbuka": FacilityType.LAPAS_TERBUKA,
    "Lapas Pemuda": FacilityType.LAPAS_PEMUDA,
    "Lapas Khusus": FacilityType.LAPAS_KHUSUS,
    "LPP (Lapas Perempuan)": FacilityType.LPP,
    "LPKA": FacilityType.LPKA,
    "Rutan": FacilityType.RUTAN,
    "Rutan Perempuan": FacilityType.RUTAN_PEREMPUAN,
}
CODE_PREFIX = {
    FacilityType.LAPAS: "LP",
    FacilityType.LAPAS_NARKOTIKA: "LPN",
    FacilityType.LAPAS_TERBUKA: "LPT",
    FacilityType.LAPAS_PEMUDA: "LPM",
    FacilityType.LAPAS_KHUSUS: "LPK",
    FacilityType.LPP: "LPP",
    FacilityType.LPKA: "LPKA",
    FacilityType.RUTAN: "RT",
    FacilityType.RUTAN_PEREMPUAN: "RTP",
}
# Abbreviations in common use for the places of the seed articles.
PLACE_ABBREVIATIONS = {"Purwokerto": "PWT", "Pangkalpinang": "PKP", "Pamekasan": "PMK"}


@transaction.atomic
def region_create(*, actor, code: str, name: str) -> Region:
    """Create a regional office. Side effect: one audit row."""
    return audited_create(actor=actor, model=Region, code=code, name=name)


@transaction.atomic
def region_update(*, actor, region: Region, **fields: Any) -> Region:
    """Change a regional office's code or name. Side effect: an audit row if anything changed."""
    return audited_update(actor=actor, instance=region, **fields)


@transaction.atomic
def facility_create(*, actor, **fields: Any) -> Facility:
    """Create a unit (code upper-cased). Side effect: one audit row."""
    fields["code"] = fields.get("code", "").strip().upper()
    return audited_create(actor=actor, model=Facility, **fields)


@transaction.atomic
def facility_update(*, actor, facility: Facility, **fields: Any) -> Facility:
    """Change a unit. The code is upper-cased. Side effect: an audit row if anything changed."""
    if "code" in fields:
        fields["code"] = fields["code"].strip().upper()
    return audited_update(actor=actor, instance=facility, **fields)


def _place(name: str) -> str:
    match = re.search(r"Kelas \S+ (.+)$", name)
    return match.group(1) if match else name


def _abbreviate(place: str) -> str:
    if place in PLACE_ABBREVIATIONS:
        return PLACE_ABBREVIATIONS[place]
    words = re.findall(r"[A-Za-z]+", place)
    letters = "".join(word[0] for word in words)
    consonants = re.sub(r"[AEIOU]", "", words[-1][1:].upper()) if words else ""
    return (letters.upper() + consonants)[:3].ljust(3, "X")


@dataclass(frozen=True)
class ReferenceResult:
    regions_created: int
    facilities_created: int
    facilities_total: int


@transaction.atomic
def reference_load(*, actor, path: Path = REFERENCE_FILE) -> ReferenceResult:
    """Load the national list of regions and units; idempotent.

    Units are matched by name; a unit already present is left as it is (an administrator may
    have changed it). New units get a code from their type and place (LPPWT for Lapas
    Purwokerto), made unique with a digit. Side effects: audit rows for what it creates.
    """
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    regions = {region.name: region for region in Region.objects.all()}
    existing_names = set(Facility.objects.values_list("name", flat=True))
    used_codes = set(Facility.objects.values_list("code", flat=True))
    regions_created = facilities_created = 0
    for row in rows:
        region = regions.get(row["kanwil"])
        if region is None:
            code = re.sub(r"[^a-z0-9]+", "-", row["kanwil"].lower()).strip("-")
            region = region_create(actor=actor, code=code, name=row["kanwil"])
            regions[region.name] = region
            regions_created += 1
        if row["name"] in existing_names:
            continue
        facility_type = TYPE_BY_REFERENCE_NAME[row["type"]]
        base = CODE_PREFIX[facility_type] + _abbreviate(_place(row["name"]))
        code, n = base, 1
        while code in used_codes:
            n += 1
            code = f"{base}{n}"
        used_codes.add(code)
        facility_create(
            actor=actor,
            region=region,
            code=code,
            name=row["name"],
            type=facility_type,
            facility_class=row["class"],
            timezone=row["timezone"],
            province=row["province"],
            city=row["city"],
        )
        existing_names.add(row["name"])
        facilities_created += 1
    return ReferenceResult(regions_created, facilities_created, Facility.objects.count())
