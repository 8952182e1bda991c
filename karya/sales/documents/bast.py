"""The BAST (Berita Acara Serah Terima hasil karya) of a handover as PDF: the unit's letterhead,
the number, the dating line written out in Indonesian ("Pada hari ini, Sabtu tanggal tiga puluh
satu bulan Januari tahun dua ribu dua puluh enam") with the time in the unit's zone, PIHAK
PERTAMA (the officer) and PIHAK KEDUA (the partner's representative), the agreement, the lines
with their total and the total in words, and three signature blocks (both parties, and the head
under "Mengetahui").

An official Indonesian form: always in Indonesian, whatever the interface language. A draft
prints too (to check it before the signing) but carries a large "DRAF" mark and no number; only
a posted handover's BAST is the signed document. A reversal prints as the minutes of the
cancellation of the handover it reverses."""

from __future__ import annotations

from django.utils import translation

from karya.core.dates import hari_tanggal_terbilang, local, waktu
from karya.core.documents import render_pdf
from karya.core.money import terbilang
from karya.sales.models import Handover
from karya.sales.selectors.handovers import handover_lines, handover_total

TEMPLATE = "sales/doc_bast.html"


def handover_context(handover: Handover) -> dict:
    """What the BAST shows (call inside the unit's scope, in Indonesian)."""
    facility = handover.facility
    lines = handover_lines(handover=handover)
    for line in lines:
        line.quantity_text = f"{line.quantity:,}".replace(",", ".")  # 1.140, as Indonesians write
    total = handover_total(lines)
    moment = local(handover.handed_over_at, facility.timezone)
    return {
        "facility": facility,
        "handover": handover,
        "agreement": handover.agreement,
        "partner": handover.partner,
        "lines": lines,
        "total": total,
        "total_words": terbilang(total),
        "dating": hari_tanggal_terbilang(moment.date()),
        "day": moment.date(),
        "time": waktu(handover.handed_over_at, facility.timezone),
        "is_draft": not handover.is_posted,
        "scheme": handover.get_scheme_display(),
    }


def handover_pdf(handover: Handover) -> bytes:
    """The BAST of `handover` as PDF bytes (DocumentError if it cannot be produced)."""
    with translation.override("id"):
        return render_pdf(TEMPLATE, handover_context(handover))


def bast_filename(handover: Handover) -> str:
    """bast-lppwt-2026-01-0001 (a draft: bast-draf-<id>), before karya.core's slugging."""
    return handover.number.replace("/", "-") if handover.number else f"BAST-draf-{handover.pk}"
