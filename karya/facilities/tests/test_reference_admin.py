"""Administration of regional offices and units under /kelola/."""

import pytest
from django.urls import reverse

from karya.audit.models import AuditEntry
from karya.facilities.models import Facility, Region
from karya.tests.factories import FacilityFactory, RegionFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")

PAGES = [
    ("facilities:region-list", None),
    ("facilities:region-create", None),
    ("facilities:region-update", "region"),
    ("facilities:region-history", "region"),
    ("facilities:facility-list", None),
    ("facilities:facility-create", None),
    ("facilities:facility-update", "facility"),
    ("facilities:facility-history", "facility"),
]


def page_url(name, arg, region, facility):
    target = {"region": region, "facility": facility, None: None}[arg]
    return reverse(name, args=[target.pk]) if target else reverse(name)


# --- who may open the pages ----------------------------------------------------------------


@pytest.mark.parametrize(("name", "arg"), PAGES)
def test_anonymous_is_sent_to_login(client, region, facility, name, arg):
    for method in ("get", "post"):
        response = getattr(client, method)(page_url(name, arg, region, facility))
        assert response.status_code == 302 and response.url.startswith(LOGIN)


@pytest.mark.parametrize(("name", "arg"), PAGES)
@pytest.mark.parametrize("role", ["officer", "head", "regional", "national"])
def test_other_roles_get_403(login, make_user, region, facility, role, name, arg):
    client = login(make_user(role, facility=facility, region=region))
    url = page_url(name, arg, region, facility)
    assert client.get(url).status_code == 403
    response = client.post(url, {"code": "BARU", "name": "Baru"})
    assert response.status_code == 403
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(("name", "arg"), PAGES)
def test_an_administrator_may_open_every_page(login, admin_user, region, facility, name, arg):
    assert login(admin_user).get(page_url(name, arg, region, facility)).status_code == 200


def test_unknown_records_are_404(login, admin_user):
    client = login(admin_user)
    for name in ["region-update", "region-history", "facility-update", "facility-history"]:
        assert client.get(reverse(f"facilities:{name}", args=[9999])).status_code == 404


# --- regions -------------------------------------------------------------------------------


def test_the_region_list(login, admin_user, region, far_facility):
    page = login(admin_user).get(reverse("facilities:region-list"))
    assert "Kanwil Jawa Tengah" in page.text and "Kanwil Jawa Timur" in page.text


def test_the_region_list_query_count_does_not_grow(
    login, admin_user, django_assert_max_num_queries
):
    client = login(admin_user)
    RegionFactory.create_batch(2)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("facilities:region-list"))
    RegionFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("facilities:region-list")).status_code == 200


def test_create_a_region(login, admin_user):
    response = login(admin_user).post(
        reverse("facilities:region-create"), {"code": "bali", "name": "Bali"}
    )
    assert response.status_code == 302 and response.url == reverse("facilities:region-list")
    region = Region.objects.get(code="bali")
    entry = AuditEntry.objects.for_object(region).get()
    assert entry.action == "create" and entry.changes["name"] == [None, "Bali"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "jawa-tengah", "name": "Lain"}, "telah ada"),
        ({"code": "lain", "name": "Jawa Tengah"}, "telah ada"),
        ({"code": "jawa tengah!", "name": "Baru"}, "slug"),
        ({"code": "", "name": "Baru"}, "tidak boleh kosong"),
    ],
)
def test_a_bad_region_is_refused(login, admin_user, region, data, message):
    response = login(admin_user).post(reverse("facilities:region-create"), data)
    assert response.status_code == 200
    assert message in response.text
    assert Region.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_edit_a_region_and_read_its_history(login, admin_user, region):
    client = login(admin_user)
    url = reverse("facilities:region-update", args=[region.pk])
    assert 'value="Jawa Tengah"' in client.get(url).text
    response = client.post(url, {"code": "jateng", "name": "Jawa Tengah"})
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.code == "jateng"
    entry = AuditEntry.objects.for_object(region).get()
    assert entry.changes == {"code": ["jawa-tengah", "jateng"]}
    # The same values again: no new row.
    client.post(url, {"code": "jateng", "name": "Jawa Tengah"})
    assert AuditEntry.objects.for_object(region).count() == 1
    page = client.get(reverse("facilities:region-history", args=[region.pk]))
    assert "<del>jawa-tengah</del>" in page.text and "<ins>jateng</ins>" in page.text


# --- units ---------------------------------------------------------------------------------


def test_the_unit_list_searches_and_filters(login, admin_user, facility, other_facility,
                                            far_facility):  # fmt: skip
    client = login(admin_user)
    url = reverse("facilities:facility-list")
    page = client.get(url)
    assert all(f.name in page.text for f in (facility, other_facility, far_facility))
    page = client.get(url, {"q": "narkotika"})
    assert other_facility.name in page.text and facility.name not in page.text
    page = client.get(url, {"q": "lppmk"})
    assert far_facility.name in page.text and facility.name not in page.text
    page = client.get(url, {"region": far_facility.region_id})
    assert far_facility.name in page.text and facility.name not in page.text
    page = client.get(url, {"region": "bukan-angka"})
    assert page.status_code == 200 and facility.name in page.text


def test_the_unit_list_query_count_does_not_grow(
    login, admin_user, region, django_assert_max_num_queries
):
    client = login(admin_user)
    FacilityFactory.create_batch(2, region=region)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("facilities:facility-list"))
    for _ in range(10):
        FacilityFactory.create_batch(4, region=RegionFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("facilities:facility-list")).status_code == 200


def unit_data(in_region, **overrides):
    return {
        "region": in_region.pk,
        "code": "RTBMS",
        "name": "Rutan Kelas IIB Banyumas",
        "type": "rutan",
        "facility_class": "IIB",
        "timezone": "Asia/Jakarta",
        "province": "Jawa Tengah",
        "city": "Banyumas",
        "address": "",
        "is_active": "on",
        **overrides,
    }


def test_create_a_unit(login, admin_user, region):
    response = login(admin_user).post(reverse("facilities:facility-create"), unit_data(region))
    assert response.status_code == 302
    unit = Facility.objects.get(code="RTBMS")
    assert unit.region == region and unit.type == "rutan"
    entry = AuditEntry.objects.for_object(unit).get()
    assert entry.action == "create" and entry.actor == admin_user
    assert entry.changes["code"] == [None, "RTBMS"]


def test_a_code_in_small_letters_is_upper_cased(login, admin_user, region):
    response = login(admin_user).post(
        reverse("facilities:facility-create"), unit_data(region, code=" rtbms ")
    )
    assert response.status_code == 302
    assert Facility.objects.filter(code="RTBMS").exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"code": "X"}, "Gunakan 2 sampai 20 huruf kapital"),
        ({"code": "RT BMS"}, "Gunakan 2 sampai 20 huruf kapital"),
        ({"code": "RT/BMS"}, "Gunakan 2 sampai 20 huruf kapital"),
        ({"code": "-RTBMS"}, "Gunakan 2 sampai 20 huruf kapital"),
        ({"code": "LPPWT"}, "telah ada"),
        ({"code": "lppwt"}, "telah ada"),
        ({"name": "Lapas Kelas IIA Purwokerto"}, "telah ada"),
        ({"timezone": "Asia/Tokyo"}, "Masukkan pilihan yang valid"),
        ({"region": ""}, "tidak boleh kosong"),
    ],
)
def test_a_bad_unit_is_refused(login, admin_user, region, facility, overrides, message):
    response = login(admin_user).post(
        reverse("facilities:facility-create"), unit_data(region, **overrides)
    )
    assert response.status_code == 200
    assert message in response.text
    assert Facility.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_edit_a_unit_and_read_its_history(login, admin_user, region, facility):
    client = login(admin_user)
    url = reverse("facilities:facility-update", args=[facility.pk])
    assert facility.name in client.get(url).text
    data = unit_data(region, code="LPPWT", name=facility.name, type="lapas",
                     timezone="Asia/Makassar")  # fmt: skip
    assert client.post(url, data).status_code == 302
    facility.refresh_from_db()
    assert facility.timezone == "Asia/Makassar"
    entry = AuditEntry.objects.for_object(facility).get()
    assert entry.changes["timezone"] == ["Asia/Jakarta", "Asia/Makassar"]
    client.post(url, data)
    assert AuditEntry.objects.for_object(facility).count() == 1
    page = client.get(reverse("facilities:facility-history", args=[facility.pk]))
    assert (
        "<del>WIB (Asia/Jakarta)</del>" in page.text
        and "<ins>WITA (Asia/Makassar)</ins>" in page.text
    )
    assert "Zona waktu" in page.text


def test_a_unit_cannot_take_another_units_code(login, admin_user, region, facility,
                                               other_facility):  # fmt: skip
    url = reverse("facilities:facility-update", args=[other_facility.pk])
    data = unit_data(region, code="LPPWT", name=other_facility.name)
    response = login(admin_user).post(url, data)
    assert response.status_code == 200 and "telah ada" in response.text
    other_facility.refresh_from_db()
    assert other_facility.code == "LPNPWT"
    assert not AuditEntry.objects.exists()
