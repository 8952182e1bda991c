"""Printing an inmate's skills record (for an employer, on release)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from karya.accounts.permissions import Perm, access_for
from karya.audit.services import audited_create
from karya.core.dates import local, today_in
from karya.core.documents import render_pdf
from karya.core.errors import DomainError
from karya.inmates.models import Inmate
from karya.programs.models import SkillsRecordPrint
from karya.programs.selectors.documents import (
    head_of,
    place_date,
    skills_record,
    skills_record_number,
)

SKILLS_RECORD_TEMPLATE = "programs/doc_skills_record.html"


def skills_record_print(*, actor, inmate: Inmate) -> tuple[SkillsRecordPrint, bytes]:
    """Produce the skills record PDF and record that it was printed, by whom and when.

    The print row (with its audit row) and the PDF succeed together: if the document cannot
    be produced (DocumentError), the row is rolled back and nothing is recorded. The record's
    number is the print row's, so a paper copy can be traced to who printed it.
    """
    facility = inmate.facility
    if not access_for(actor).can(Perm.SKILLS_RECORD, facility):
        raise DomainError(
            _("You may not print skills records in this unit."), code="permission_denied"
        )
    today = today_in(facility.timezone)
    record = skills_record(inmate=inmate, today=today)
    signer = head_of(facility)
    with transaction.atomic():
        row = audited_create(
            actor=actor,
            model=SkillsRecordPrint,
            facility=facility,
            inmate=inmate,
            printed_by=actor,
        )
        printed_at = local(row.printed_at, facility.timezone)
        pdf = render_pdf(
            SKILLS_RECORD_TEMPLATE,
            {
                "facility": facility,
                "record": record,
                "number": skills_record_number(row, printed_at.year),
                "printed_at": row.printed_at,
                "printed_by": actor,
                "today": today,
                "place_date": place_date(facility, today),
                "signer": signer,
            },
        )
    return row, pdf
