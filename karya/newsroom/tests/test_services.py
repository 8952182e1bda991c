"""The life of a press release: generated, edited, sent to the head, approved, published,
withdrawn; only the head approves; no text that names or numbers an inmate is ever saved;
events link only the unit's own records."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled
from PIL import Image

from karya.core.errors import DomainError
from karya.newsroom import services
from karya.newsroom.models import Event
from karya.newsroom.tests.conftest import HEAD_QUOTE, PICK_UP
from karya.notifications.models import Notification
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def draft(pickup_event, humas, in_scope):
    return services.release_generate(actor=humas, event=pickup_event, quotes=[HEAD_QUOTE])


def test_from_draft_to_publication(draft, humas, head, in_scope):
    submitted = services.release_submit(actor=humas, release=draft)
    assert submitted.status == "submitted"
    [notice] = Notification.objects.filter(user=head)
    assert notice.title.startswith("Siaran pers menunggu persetujuan")  # in the staff's language
    approved = services.release_approve(actor=head, release=submitted)
    assert approved.status == "approved" and approved.approved_by == head
    published = services.release_publish(actor=humas, release=approved)
    assert published.status == "published" and published.published_at is not None
    with pytest.raises(DomainError, match="cannot be edited; withdraw it first"):
        services.release_update(actor=humas, release=published, title="x", body="y")
    withdrawn = services.release_withdraw(actor=humas, release=published)
    assert withdrawn.status == "approved" and withdrawn.published_at is None


def test_only_the_head_approves_and_sends_back(draft, humas, officer, head, in_scope):
    for actor in (humas, officer):
        with pytest.raises(DomainError, match="Only the head of the unit approves"):
            services.release_approve(actor=actor, release=draft)
    with pytest.raises(DomainError, match="Only a release approved by the head"):
        services.release_publish(actor=humas, release=draft)
    approved = services.release_approve(actor=head, release=draft)
    with pytest.raises(DomainError, match="Say what should change"):
        services.release_return(actor=head, release=approved, note=" ")
    returned = services.release_return(actor=head, release=approved, note="Tambah foto")
    assert returned.status == "draft" and returned.return_note == "Tambah foto"
    assert returned.approved_by is None


def test_editing_an_approved_release_asks_the_head_again(draft, humas, head, in_scope):
    approved = services.release_approve(actor=head, release=draft)
    same = services.release_update(
        actor=humas, release=approved, title=approved.title, body=approved.body
    )
    assert same.status == "approved"  # nothing changed: still approved
    edited = services.release_update(
        actor=humas, release=approved, title=approved.title, body=approved.body + "\n\nTambahan."
    )
    assert edited.status == "draft" and edited.approved_by is None


def test_a_text_naming_an_inmate_is_never_saved(draft, humas, head, inmates, facility, in_scope):
    for found in ("agus sapulidi", "Agus  Sapulidi", "BI.2/2025"):
        with pytest.raises(DomainError, match="names or numbers an inmate") as refused:
            services.release_update(
                actor=humas, release=draft, title=draft.title, body=f"{draft.body}\n\n{found}"
            )
        assert refused.value.code == "inmate_identity" and refused.value.field == "body"
    with pytest.raises(DomainError, match="names or numbers an inmate"):
        services.release_generate(
            actor=humas,
            event=draft.event,
            quotes=[{"name": "Citra Batikwangi", "role": "", "text": "Senang sekali."}],
        )
    # A first name alone is not an identity (staff share first names with inmates).
    ok = services.release_update(
        actor=humas, release=draft, title=draft.title, body=f"{draft.body}\n\nAgus dari BLK."
    )
    assert ok.body.endswith("Agus dari BLK.")
    # A departed inmate counts too; another unit's inmate does not.
    with scopes_disabled():
        InmateFactory(
            facility=facility,
            name="Wahyu Bebasraya",
            departed_on=dt.date(2025, 1, 1),
            departure="bebas",
        )
    with pytest.raises(DomainError):
        services.release_update(
            actor=humas, release=draft, title="Wahyu Bebasraya", body=draft.body
        )


def test_quotes_need_a_speaker_and_words(pickup_event, humas, in_scope):
    with pytest.raises(DomainError, match="Say who said"):
        services.release_generate(
            actor=humas, event=pickup_event, quotes=[{"name": "", "role": "", "text": "Bagus."}]
        )
    with pytest.raises(DomainError, match="Write what Aliandra"):
        services.release_generate(
            actor=humas,
            event=pickup_event,
            quotes=[{"name": "Aliandra Harahap", "role": "Kalapas", "text": ""}],
        )


def test_events_link_only_posted_records_of_the_unit(
    facility, other_facility, pickup, humas, in_scope
):
    with pytest.raises(DomainError, match="cannot end before it starts"):
        services.event_create(
            actor=humas, facility=facility, kind="pickup", title="x", starts_at=PICK_UP,
            ends_at=PICK_UP - dt.timedelta(hours=1),
        )  # fmt: skip
    with scopes_disabled():
        pickup.handover.status, pickup.handover.number, pickup.handover.posted_at = (
            "draft",
            "",
            None,
        )
        pickup.handover.save()
    with pytest.raises(DomainError, match="posted handover") as refused:
        services.event_create(
            actor=humas, facility=facility, kind="pickup", title="x", starts_at=PICK_UP,
            handover=pickup.handover,
        )  # fmt: skip
    assert refused.value.field == "handover"
    with pytest.raises(DomainError, match="record of this unit"):
        services.event_create(
            actor=humas, facility=other_facility, kind="signing", title="x", starts_at=PICK_UP,
            agreement=pickup.agreement,
        )  # fmt: skip
    event = services.event_create(
        actor=humas, facility=facility, kind="signing", title=" PKS ", starts_at=PICK_UP,
        agreement=pickup.agreement,
    )  # fmt: skip
    assert event.title == "PKS" and event.created_by == humas
    changed = services.event_update(actor=humas, event=event, place="Aula")
    assert changed.place == "Aula" and changed.agreement == pickup.agreement


def test_event_photos_lose_their_metadata(pickup_event, humas, in_scope):
    image = Image.new("RGB", (800, 600), (10, 90, 60))
    exif = Image.Exif()
    exif[0x010F] = "KameraRahasia"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    upload = SimpleUploadedFile("IMG_0001.jpg", out.getvalue(), content_type="image/jpeg")
    photo = services.event_photo_add(actor=humas, event=pickup_event, upload=upload, caption="BAST")
    stored = photo.image.read()
    assert b"KameraRahasia" not in stored and "IMG_0001" not in photo.image.name
    assert Image.open(io.BytesIO(stored)).getexif() == {}
    with pytest.raises(DomainError):
        services.event_photo_add(
            actor=humas,
            event=pickup_event,
            upload=SimpleUploadedFile("x.jpg", b"not an image", content_type="image/jpeg"),
        )
    with scopes_disabled():
        assert Event.objects.get(pk=pickup_event.pk).photos.count() == 1
