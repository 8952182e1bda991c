"""Recording a draft pick-up: every bad input is refused with a message naming the field, and
nothing is written; line prices come from the agreement; photos lose their metadata."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from PIL import Image

from karya.audit.models import AuditEntry
from karya.core.errors import DomainError
from karya.inventory.tests.conftest import make_location, make_lot, make_product
from karya.sales.models import Handover, HandoverLine, HandoverPhoto
from karya.sales.services.handovers import (
    handover_create,
    handover_line_add,
    handover_line_remove,
    handover_line_update,
    handover_photo_add,
    handover_photo_remove,
    handover_update,
)
from karya.sales.tests.conftest import PICK_UP, make_agreement
from karya.sales.tests.handover_fixtures import reload

pytestmark = pytest.mark.usefixtures("in_scope")


@pytest.fixture
def good(agreement, store, output_officer, head):
    return {
        "agreement": agreement,
        "scheme": "beli_putus",
        "handed_over_at": PICK_UP,
        "source": store,
        "officer": output_officer,
        "partner_representative": "Budi Santoso",
        "head": head,
    }


def test_a_draft_records_the_parties_in_the_units_zone(good, output_officer):
    draft = handover_create(
        actor=output_officer, **good, partner_representative_position="Direktur"
    )
    assert draft.status == "draft" and draft.partner == good["agreement"].partner
    assert draft.officer_position == "Petugas pengelolaan hasil kerja"  # the officer's role
    assert draft.handed_over_at == dt.datetime(2026, 1, 31, 2, 40, tzinfo=dt.UTC)
    assert AuditEntry.objects.filter(object_id=str(draft.pk), action="create").exists()


def _bad_inputs(facility, other_facility, make_user, agreement, store):
    other_store = make_location(other_facility)
    naive = dt.datetime(2026, 1, 31, 9, 40)  # noqa: DTZ001 (the point of the test)
    with scopes_disabled():
        exploration = make_agreement(facility, schemes=["beli_putus"], name="UD Baru")
        type(exploration).objects.filter(pk=exploration.pk).update(status="EXPLORATION")
        exploration.refresh_from_db()
        training = make_agreement(facility, schemes=["pelatihan"], name="BLK Banyumas")
    partner_store = make_location(facility, name="Di mitra", kind="partner", partner_name="X")
    closed = make_location(facility, name="Gudang lama", is_active=False)
    return [
        ({"agreement": exploration}, "agreement", "MoU or a PKS"),
        ({"agreement": training}, "scheme", "does not provide"),
        ({"scheme": "pelatihan"}, "scheme", "beli putus, konsinyasi or maklon"),
        ({"handed_over_at": None}, "handed_over_at", "date and time"),
        ({"handed_over_at": naive}, "handed_over_at", "time zone"),
        ({"handed_over_at": dt.datetime(2025, 9, 1, tzinfo=dt.UTC)}, "handed_over_at", "only from"),
        ({"handed_over_at": dt.datetime(2031, 1, 1, tzinfo=dt.UTC)}, "handed_over_at", "until"),
        ({"source": other_store}, "source", "location of this unit"),
        ({"source": partner_store}, "source", "not from a partner"),
        ({"source": closed}, "source", "no longer in use"),
        ({"officer": make_user("officer", facility=other_facility)}, "officer", "works in"),
        ({"officer": None}, "officer", "works in"),
        ({"head": make_user("output_officer", facility=facility)}, "head", "head role"),
        ({"head": make_user("head", facility=other_facility)}, "head", "head role"),
        ({"partner_representative": "  "}, "partner_representative", "representative"),
        ({"partner_representative": "x" * 151}, "partner_representative", "At most 150"),
        (
            {"partner_representative_position": "x" * 151},
            "partner_representative_position",
            "At most",
        ),
        ({"officer_position": "x" * 151}, "officer_position", "At most"),
        ({"note": "x" * 2001}, "note", "At most 2000"),
    ]


def test_every_bad_field_is_refused_and_nothing_is_written(
    facility, other_facility, make_user, output_officer, good, store
):
    for change, field, message in _bad_inputs(
        facility, other_facility, make_user, good["agreement"], store
    ):
        with pytest.raises(DomainError, match=message) as refused:
            handover_create(actor=output_officer, **(good | change))
        assert refused.value.field == field, change
    with scopes_disabled():
        assert not Handover.objects.exists()


def test_a_draft_can_be_changed_with_the_same_checks(
    output_officer, make_draft, make_user, facility
):
    draft = make_draft(lines=[])
    officer = make_user("officer", facility=facility, full_name="Slamet")
    changed = handover_update(
        actor=output_officer, handover=draft, officer=officer, partner_representative="Ani"
    )
    assert changed.officer == officer and changed.officer_position == "Petugas kegiatan kerja"
    with pytest.raises(DomainError, match="representative"):
        handover_update(actor=output_officer, handover=draft, partner_representative="")
    assert reload(draft).partner_representative == "Ani"
    changed = handover_update(actor=output_officer, handover=draft, scheme="maklon")
    assert changed.scheme == "maklon"
    with pytest.raises(DomainError, match="beli putus, konsinyasi or maklon"):
        handover_update(actor=output_officer, handover=draft, scheme="pelatihan")


def test_the_scheme_changes_only_without_lines(output_officer, make_draft):
    draft = make_draft()
    with pytest.raises(DomainError, match="Remove the lines"):
        handover_update(actor=output_officer, handover=draft, scheme="konsinyasi")


def test_line_prices_come_from_the_agreement_or_the_maklon_fee(
    output_officer, make_draft, broom, lakop, stocked, agreement
):
    draft = make_draft(lines=[])
    line = handover_line_add(
        actor=output_officer, handover=draft, product=broom, quantity=5, lot=stocked
    )
    assert line.unit_price == Decimal(2500) and line.amount == Decimal(12500)
    typed = handover_line_add(
        actor=output_officer, handover=draft, product=lakop, quantity=2, unit_price=7000
    )
    assert typed.unit_price == Decimal(7000)
    line = handover_line_update(actor=output_officer, line=typed, quantity=3)
    assert (line.quantity, line.unit_price) == (3, Decimal(7500))  # empty: the agreed price
    maklon = make_draft("maklon", lines=[(lakop, 4, None)])
    assert maklon.lines.get().unit_price == Decimal(1000)
    with scopes_disabled():
        type(agreement).objects.filter(pk=agreement.pk).update(maklon_fee_per_unit=None)
    no_fee = make_draft("maklon", lines=[])
    with pytest.raises(DomainError, match="no maklon fee") as refused:
        handover_line_add(actor=output_officer, handover=no_fee, product=lakop, quantity=1)
    assert refused.value.field == "unit_price"
    fee = handover_line_add(
        actor=output_officer, handover=no_fee, product=lakop, quantity=1, unit_price=900
    )
    assert fee.unit_price == Decimal(900)


def test_bad_lines_are_refused_and_nothing_is_written(
    facility, other_facility, output_officer, make_draft, broom, stocked
):
    draft = make_draft(lines=[])
    outside = make_product(facility, name="Tikar pandan")
    foreign = make_product(other_facility, name="Batik")
    lakop_lot = make_lot(make_product(facility, name="Keset"), code="K-1")
    for kwargs, field, message in [
        ({"product": outside, "quantity": 1}, "product", "not one of the agreement"),
        ({"product": foreign, "quantity": 1}, "product", "product of this unit"),
        ({"product": None, "quantity": 1}, "product", "product of this unit"),
        ({"product": broom, "quantity": 0}, "quantity", "whole quantity"),
        ({"product": broom, "quantity": -3}, "quantity", "whole quantity"),
        ({"product": broom, "quantity": 1.5}, "quantity", "whole quantity"),
        ({"product": broom, "quantity": True}, "quantity", "whole quantity"),
        ({"product": broom, "quantity": 2_000_000}, "quantity", "at most"),
        ({"product": broom, "quantity": 1, "lot": lakop_lot}, "lot", "not a lot of"),
        ({"product": broom, "quantity": 1, "unit_price": "abc"}, "unit_price", "whole rupiah"),
        ({"product": broom, "quantity": 1, "unit_price": -5}, "unit_price", "from Rp 0"),
    ]:
        with pytest.raises(DomainError, match=message) as refused:
            handover_line_add(actor=output_officer, handover=draft, **kwargs)
        assert refused.value.field == field, kwargs
    handover_line_add(actor=output_officer, handover=draft, product=broom, quantity=1, lot=stocked)
    with pytest.raises(DomainError, match="already on this handover"):
        handover_line_add(
            actor=output_officer, handover=draft, product=broom, quantity=1, lot=stocked
        )
    with scopes_disabled():
        assert HandoverLine.objects.count() == 1


def test_a_line_is_removed_from_a_draft(output_officer, make_draft):
    draft = make_draft()
    handover_line_remove(actor=output_officer, line=draft.lines.first())
    assert draft.lines.count() == 1


def _photo(gps=True) -> SimpleUploadedFile:
    picture = Image.new("RGB", (40, 30), (200, 180, 120))
    exif = Image.Exif()
    if gps:
        exif.get_ifd(0x8825).update({1: "S", 2: (7.0, 25.0, 30.0)})
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("pengambilan.jpg", out.getvalue(), content_type="image/jpeg")


def test_photos_lose_their_gps_and_only_pictures_are_kept(
    output_officer, make_draft, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    draft = make_draft()
    photo = handover_photo_add(
        actor=output_officer, handover=draft, upload=_photo(), caption="Pemuatan sapu"
    )
    with photo.image.open("rb") as handle:
        stored = Image.open(handle)
        assert not stored.getexif().get_ifd(0x8825)
    assert photo.image.name.startswith("handovers/LPPWT/") and "pengambilan" not in photo.image.name
    with pytest.raises(DomainError, match="not a photo") as refused:
        handover_photo_add(
            actor=output_officer,
            handover=draft,
            upload=SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"),
        )
    assert refused.value.field == "image"
    settings.KARYA_PHOTO_MAX_BYTES = 10
    with pytest.raises(DomainError, match="too large"):
        handover_photo_add(actor=output_officer, handover=draft, upload=_photo())
    with scopes_disabled():
        assert HandoverPhoto.objects.count() == 1
    handover_photo_remove(actor=output_officer, photo=photo)
    with scopes_disabled():
        assert not HandoverPhoto.objects.exists()
