"""A BAST that fails to render (WeasyPrint raising): the officer gets a clear message page
(503, in Indonesian), not a server error or a broken PDF, and nothing is written or changed —
the handover, its stock and the audit log stay as they were. A skills record, whose printing
writes a numbered print row, leaves no row when its PDF fails."""

import pytest
import weasyprint
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.documents import DocumentError
from karya.inventory.models import StockMove
from karya.programs.models import SkillsRecordPrint
from karya.programs.services.skills_records import skills_record_print
from karya.sales.models import Handover
from karya.sales.services.handovers import handover_post

pytestmark = pytest.mark.django_db

MESSAGE = "Dokumen tidak dapat dibuat. Tidak ada yang disimpan"


@pytest.fixture
def renderer_fails(monkeypatch):
    def fail(self, *args, **kwargs):
        raise RuntimeError("pango: out of memory while laying out the page")

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", fail)


def _written():
    with scopes_disabled():
        return (
            AuditEntry.objects.count(),
            StockMove.objects.count(),
            list(Handover.objects.values_list("pk", "status", "number")),
        )


def test_a_bast_that_fails_to_render_is_a_clear_message_and_nothing_changes(
    login, output_officer, facility, make_draft, renderer_fails
):
    with scope(facility=[facility.pk]):
        posted = handover_post(actor=output_officer, handover=make_draft())
    before = _written()
    response = login(output_officer).get(
        reverse("sales:handover-pdf", args=[facility.code, posted.pk])
    )
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert MESSAGE in page and "%PDF" not in page and "Traceback" not in page
    assert _written() == before


def test_a_skills_record_print_leaves_no_numbered_row_when_its_pdf_fails(
    facility, head, inmates, renderer_fails
):
    with scope(facility=[facility.pk]), pytest.raises(DocumentError):
        skills_record_print(actor=head, inmate=inmates[0])
    with scopes_disabled():
        assert not SkillsRecordPrint.objects.exists()
