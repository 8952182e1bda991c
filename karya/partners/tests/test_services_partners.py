"""Partners of a unit: the NPWP, names unique in the unit, contacts, and one unit never seeing
another's partners."""

import pytest
from django_scopes import scope

from karya.audit.models import AuditEntry
from karya.core.errors import Conflict, DomainError
from karya.partners.models import Agreement, Partner, PartnerContact, PartnerVisit
from karya.partners.services.partners import contact_add, contact_update, partner_update
from karya.partners.tests.helpers import make_agreement, make_partner

pytestmark = pytest.mark.django_db

NPWP_MESSAGE = (
    "NPWP terdiri dari 16 angka (atau 15 angka format lama); titik dan tanda hubung diabaikan."
)


@pytest.fixture(autouse=True)
def in_scope(facility):
    with scope(facility=[facility.pk]):
        yield


@pytest.mark.parametrize(
    "given, stored",
    [
        ("01.234.567.8-901.000", "012345678901000"),  # the old 15 digits
        ("0123 4567 8901 2345", "0123456789012345"),  # 16 digits (NIK-based)
        ("0123456789012345", "0123456789012345"),
        ("", ""),
    ],
)
def test_npwp_is_stored_as_digits(facility, officer, given, stored):
    partner = make_partner(facility, officer, npwp=given)
    assert Partner.objects.get(pk=partner.pk).npwp == stored


@pytest.mark.parametrize(
    "npwp",
    ["01.234.567.8-901.00", "012345678901234567", "01.234.567.8-901.00A", "NPWP0123456789012"],
    ids=["14 digits", "17 digits", "a letter", "letters"],
)
def test_a_bad_npwp_is_refused_in_indonesian(facility, officer, npwp):
    with pytest.raises(DomainError) as error:
        make_partner(facility, officer, npwp=npwp)
    assert error.value.field == "npwp" and error.value.message == NPWP_MESSAGE
    assert not Partner.objects.exists()
    assert not AuditEntry.objects.filter(content_type__model="partner").exists()


def test_a_bad_npwp_is_refused_on_update(facility, officer):
    partner = make_partner(facility, officer, npwp="01.234.567.8-901.000")
    with pytest.raises(DomainError) as error:
        partner_update(actor=officer, partner=partner, npwp="1234")
    assert error.value.message == NPWP_MESSAGE
    assert Partner.objects.get().npwp == "012345678901000"


def test_legal_name_and_npwp_are_unique_in_the_unit(facility, officer):
    make_partner(facility, officer, npwp="01.234.567.8-901.000")
    with pytest.raises(Conflict) as error:
        make_partner(facility, officer, legal_name="cv  rajasa mas  jaya")
    assert (error.value.code, error.value.field) == ("duplicate", "legal_name")
    with pytest.raises(Conflict) as error:
        make_partner(facility, officer, legal_name="CV Lain", npwp="012345678901000")
    assert (error.value.code, error.value.field) == ("duplicate", "npwp")
    assert error.value.message == "UPT sudah memiliki mitra dengan NPWP ini."
    assert Partner.objects.count() == 1


def test_partners_without_npwp_do_not_clash(facility, officer):
    make_partner(facility, officer, legal_name="UMKM Satu", legal_form="UMKM")
    make_partner(facility, officer, legal_name="UMKM Dua", legal_form="UMKM")
    assert Partner.objects.count() == 2


def test_renaming_onto_another_partner_is_refused(facility, officer):
    make_partner(facility, officer)
    other = make_partner(facility, officer, legal_name="Toko Acun Akuarium", legal_form="toko")
    with pytest.raises(Conflict):
        partner_update(actor=officer, partner=other, legal_name="CV Rajasa Mas Jaya")
    partner_update(actor=officer, partner=other, legal_name="Toko Acun Akuarium", city="Cilacap")
    assert Partner.objects.get(pk=other.pk).city == "Cilacap"


def test_the_same_company_may_work_with_another_unit(facility, other_facility, officer, make_user):
    make_partner(facility, officer, npwp="01.234.567.8-901.000")
    their_officer = make_user("officer", facility=other_facility)
    with scope(facility=[other_facility.pk]):
        theirs = make_partner(other_facility, their_officer, npwp="012345678901000")
        assert theirs.facility == other_facility


def test_every_partner_write_is_audited(facility, officer):
    partner = make_partner(facility, officer)
    partner_update(actor=officer, partner=partner, phone="0281-123456")
    partner_update(actor=officer, partner=partner, phone="0281-123456")  # no change: no row
    contact = contact_add(actor=officer, partner=partner, name="Bu Rina", position="Direktur")
    contact_update(actor=officer, contact=contact, phone="0812")
    actions = [
        (e.content_type.model, e.action, e.actor)
        for e in AuditEntry.objects.filter(facility=facility).order_by("pk")
    ]
    assert actions == [
        ("partner", "create", officer),
        ("partner", "update", officer),
        ("partnercontact", "create", officer),
        ("partnercontact", "update", officer),
    ]


def test_a_contact_needs_a_name_and_a_valid_email(facility, officer):
    partner = make_partner(facility, officer)
    for fields in ({"name": ""}, {"name": "Pak Anton", "email": "bukan-surel"}):
        with pytest.raises(DomainError):
            contact_add(actor=officer, partner=partner, **fields)
    assert not PartnerContact.objects.exists()


def test_another_units_records_are_invisible_in_a_units_scope(
    facility, other_facility, officer, head, make_user
):
    mine = make_partner(facility, officer)
    make_agreement(mine, officer, head)
    their_officer = make_user("officer", facility=other_facility)
    their_head = make_user("head", facility=other_facility)
    with scope(facility=[other_facility.pk]):
        theirs = make_partner(other_facility, their_officer, legal_name="CV Pusat Handicraft")
        their_agreement = make_agreement(theirs, their_officer, their_head)
        contact_add(actor=their_officer, partner=theirs, name="Pak Budi")
    assert list(Partner.objects.all()) == [mine]
    assert not Partner.objects.filter(pk=theirs.pk).exists()
    assert not Agreement.objects.filter(pk=their_agreement.pk).exists()
    assert list(Agreement.objects.values_list("partner", flat=True)) == [mine.pk]
    assert not PartnerContact.objects.exists()
    assert not PartnerVisit.objects.exists()
