"""The workshop pages and their POST actions: who may do what, the happy paths, and bad input
refused in Indonesian with nothing written."""

import datetime as dt
import re
from dataclasses import dataclass

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.dates import today_in
from karya.production.models import Product
from karya.programs.models import (
    Allocation,
    Application,
    Attendance,
    OutputRecord,
    Workshop,
)
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db


def today():
    return today_in("Asia/Jakarta")


def url(name, facility, *args):
    return reverse(f"programs:{name}", args=[facility.code, *args])


def make_application(workshop, inmate, by, session="pagi"):
    with scopes_disabled():
        return Application.objects.create(
            facility=workshop.facility,
            workshop=workshop,
            inmate=inmate,
            session=session,
            created_by=by,
        )


def make_allocation(workshop, inmate, status="ACTIVE", start=None, session="pagi", **fields):
    with scopes_disabled():
        return Allocation.objects.create(
            facility=workshop.facility,
            workshop=workshop,
            inmate=inmate,
            session=session,
            status=status,
            start_date=start or today(),
            **fields,
        )


def fresh(obj):
    with scopes_disabled():
        obj.refresh_from_db()
    return obj


def state():
    """Everything a programme write could touch, to prove that nothing was written."""
    with scopes_disabled():
        return {
            "workshops": list(Workshop.objects.values_list("pk", "name", "capacity")),
            "applications": list(Application.objects.values_list("pk", "status")),
            "allocations": list(Allocation.objects.values_list("pk", "status", "overrides")),
            "attendance": list(Attendance.objects.values_list("pk", "status", "hours")),
            "outputs": list(OutputRecord.objects.values_list("pk", "quantity")),
            "audit": AuditEntry.objects.count(),
        }


def texts(response, selector_id):
    """The text inside the element with this id (a crude read, enough for one small block)."""
    match = re.search(rf'id="{selector_id}".*?</div>', response.text, re.S)
    assert match, f"#{selector_id} not on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(0)))


def workshop_data(**changes):
    data = {
        "name": "Bengkel Batik Tulis",
        "sector": "batik",
        "capacity": "8",
        "min_security_class": "medium",
        "allowed_stages": ["lanjutan", "akhir"],
        "release_margin_days": "60",
        "working_days": ["0", "2", "4"],
        "sessions": ["pagi", "siang"],
        "contribution_basis": "pieces",
        "description": "Batik tulis motif Banyumasan",
        "is_active": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- who may do what --------------------------------------------------------------------


@dataclass
class World:
    """One unit's workshop with a waiting application and allocations in every open state."""

    workshop: Workshop
    application: Application
    pending: Allocation
    active: Allocation
    suspended: Allocation
    free_inmate: object


@pytest.fixture
def world(facility, workshop, product, make_inmate, officer):
    with scopes_disabled():
        Workshop.objects.filter(pk=workshop.pk).update(capacity=10)
    workshop = fresh(workshop)
    return World(
        workshop=workshop,
        application=make_application(workshop, make_inmate(name="Dewi Tenunsari"), officer),
        pending=make_allocation(workshop, make_inmate(name="Eko Pending"), status="PENDING"),
        active=make_allocation(workshop, make_inmate(name="Fajar Aktif")),
        suspended=make_allocation(workshop, make_inmate(name="Gita Skors"), status="SUSPENDED"),
        free_inmate=make_inmate(name="Hadi Bebas"),
    )


@pytest.fixture
def alien(other_facility):
    """Another unit's workshop, application and allocation."""
    with scopes_disabled():
        product = Product.objects.create(
            facility=other_facility, name="Keset", category="anyaman", unit_of_measure="buah"
        )
        workshop = Workshop.objects.create(
            facility=other_facility, name="Bengkel Keset", sector="anyaman", capacity=5
        )
        workshop.products.add(product)
        inmate = InmateFactory(facility=other_facility, name="Joko Anyamjati")
        other = InmateFactory(facility=other_facility, name="Kiki Anyamjati")
    return World(
        workshop=workshop,
        application=make_application(workshop, other, None),
        pending=make_allocation(workshop, inmate, status="PENDING"),
        active=make_allocation(workshop, inmate),
        suspended=make_allocation(workshop, inmate, status="SUSPENDED", session="siang"),
        free_inmate=other,
    )


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    target: str  # "" (the unit), "workshop", "application", or an allocation: "active" …
    permission: str  # "view", "manage" or "record"
    action: str = ""

    def __str__(self):
        return f"{self.method} {self.name} {self.action}".strip()


ENDPOINTS = [
    Endpoint("workshop-list", "get", "", "view"),
    Endpoint("workshop-create", "get", "", "manage"),
    Endpoint("workshop-create", "post", "", "manage"),
    Endpoint("workshop-detail", "get", "workshop", "view"),
    Endpoint("workshop-update", "get", "workshop", "manage"),
    Endpoint("workshop-update", "post", "workshop", "manage"),
    Endpoint("application-create", "post", "workshop", "manage"),
    Endpoint("application-approve", "post", "workshop", "manage"),
    Endpoint("allocate", "get", "workshop", "manage"),
    Endpoint("allocate", "post", "workshop", "manage"),
    Endpoint("attendance-day", "get", "workshop", "record"),
    Endpoint("attendance-day", "post", "workshop", "record"),
    Endpoint("application-decline", "post", "application", "manage"),
    Endpoint("allocation-detail", "get", "active", "view"),
    Endpoint("allocation-transition", "post", "pending", "manage", "start"),
    Endpoint("allocation-transition", "post", "active", "manage", "suspend"),
    Endpoint("allocation-transition", "post", "suspended", "manage", "resume"),
    Endpoint("allocation-transition", "post", "active", "manage", "end"),
]
WITH_OBJECT = [e for e in ENDPOINTS if e.target]


def request_for(endpoint: Endpoint, facility, world: World):
    """(url, data): the URL in `facility` for `world`'s object, and data that would write."""
    target = getattr(world, endpoint.target) if endpoint.target else None
    args = [target.pk] if target is not None else []
    if endpoint.action:
        args.append(endpoint.action)
    day = today().isoformat()
    data = {
        "workshop-create": workshop_data(),
        "workshop-update": workshop_data(name=world.workshop.name, capacity="12"),
        "application-create": {"inmate": world.free_inmate.pk, "session": "pagi"},
        "application-approve": {"applications": [world.application.pk], "start_date": day},
        "allocate": {"inmate": world.free_inmate.pk, "session": "siang", "start_date": day},
        "attendance-day": {
            "tanggal": day,
            f"status-{world.active.pk}": "hadir",
            f"hours-{world.active.pk}": "7",
        },
        "application-decline": {"reason": "Tidak memenuhi syarat"},
        "allocation-transition": {
            "suspend": {"reason": "Pemeriksaan", "with_pay": "on"},
            "end": {"reason": "selesai", "end_date": day},
        }.get(endpoint.action, {}),
    }.get(endpoint.name, {})
    return url(endpoint.name, facility, *args), data


def call(client, endpoint, facility, world):
    address, data = request_for(endpoint, facility, world)
    if endpoint.method == "get":
        return client.get(address)
    return client.post(address, data)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_anonymous_is_sent_to_login(client, facility, world, endpoint):
    before = state()
    response = call(client, endpoint, facility, world)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert state() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_user_of_another_unit_gets_404(login, make_user, facility, other_facility, world, endpoint):
    stranger = make_user("head", facility=other_facility)
    before = state()
    assert call(login(stranger), endpoint, facility, world).status_code == 404
    assert state() == before


@pytest.mark.parametrize("endpoint", WITH_OBJECT, ids=str)
def test_another_units_object_through_the_own_units_url_is_404(
    login, head, facility, world, alien, endpoint
):
    before = state()
    assert call(login(head), endpoint, facility, alien).status_code == 404
    assert state() == before


@pytest.mark.parametrize("role", ["pr", "security", "treasurer"])
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_role_without_the_permission_gets_403(login, make_user, facility, world, role, endpoint):
    user = make_user(role, facility=facility)
    before = state()
    response = call(login(user), endpoint, facility, world)
    if role == "treasurer" and endpoint.permission == "view":
        assert response.status_code == 200  # the treasurer reads the programme, changes nothing
    else:
        assert response.status_code == 403
    assert state() == before


def test_the_treasurer_sees_no_buttons_to_change(login, make_user, facility, world):
    client = login(make_user("treasurer", facility=facility))
    page = client.get(url("workshop-detail", facility, world.workshop.pk)).text
    assert "Dewi Tenunsari" in page  # the waiting list is shown …
    assert 'name="applications"' not in page  # … without the checkboxes
    for label in ("Setujui dan tempatkan yang dipilih", "Tempatkan WBP", "Absensi hari ini"):
        assert label not in page
    page = client.get(url("allocation-detail", facility, world.active.pk)).text
    assert "Hentikan sementara" not in page and "Akhiri penempatan" not in page


# --- workshops ------------------------------------------------------------------------------


def test_officer_creates_a_workshop_with_checkboxes(login, officer, head, facility, product):
    client = login(officer)
    page = client.get(url("workshop-create", facility)).text
    assert "<h1>Tambah bengkel kerja</h1>" in page
    assert 'type="checkbox" name="allowed_stages" value="awal"' in page
    data = workshop_data(supervisors=[officer.pk, head.pk], products=[product.pk])
    response = client.post(url("workshop-create", facility), data, follow=True)
    assert "Bengkel kerja sudah disimpan." in response.text
    with scopes_disabled():
        workshop = Workshop.objects.get(name="Bengkel Batik Tulis")
        assert workshop.facility == facility
        assert workshop.allowed_stages == ["lanjutan", "akhir"]
        assert workshop.working_days == [0, 2, 4]
        assert workshop.sessions == ["pagi", "siang"]
        assert set(workshop.supervisors.all()) == {officer, head}
        assert list(workshop.products.all()) == [product]
        entry = AuditEntry.objects.for_object(workshop).get()
    assert entry.action == "create" and entry.actor == officer
    assert response.redirect_chain[-1][0] == url("workshop-detail", facility, workshop.pk)


def test_officer_edits_a_workshop(login, officer, facility, workshop):
    client = login(officer)
    page = client.get(url("workshop-update", facility, workshop.pk)).text
    assert "<h1>Ubah: Bengkel Sapu</h1>" in page
    assert url("workshop-detail", facility, workshop.pk) in page  # "Batal" goes back to it
    # The stored lists come back as ticked checkboxes.
    assert re.search(r'name="allowed_stages" value="lanjutan"[^>]*checked', page)
    assert not re.search(r'name="allowed_stages" value="awal"[^>]*checked', page)
    assert re.search(r'name="sessions" value="siang"[^>]*checked', page)

    data = workshop_data(
        name="Bengkel Sapu", capacity="5", allowed_stages=["awal", "lanjutan"], sessions=["pagi"]
    )
    response = client.post(url("workshop-update", facility, workshop.pk), data)
    assert response.status_code == 302
    workshop = fresh(workshop)
    assert workshop.capacity == 5
    assert workshop.allowed_stages == ["awal", "lanjutan"]
    assert workshop.sessions == ["pagi"]
    with scopes_disabled():
        entry = AuditEntry.objects.for_object(workshop).get()
    assert entry.changes["capacity"] == [3, 5]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"allowed_stages": None}, "Bidang ini tidak boleh kosong."),
        ({"sessions": None}, "Bidang ini tidak boleh kosong."),
        ({"capacity": "0"}, "Pastikan nilai ini lebih besar dari atau sama dengan 1."),
        ({"working_days": ["7"]}, "Masukkan pilihan yang valid."),
        ({"name": "Bengkel Sapu"}, "UPT sudah memiliki bengkel kerja dengan nama ini."),
    ],
    ids=["no-stage", "no-session", "capacity-0", "bad-day", "duplicate-name"],
)
def test_bad_workshop_input_is_refused_in_indonesian(
    login, officer, facility, workshop, changes, message
):
    before = state()
    response = login(officer).post(url("workshop-create", facility), workshop_data(**changes))
    assert response.status_code == 200
    assert message in response.text
    assert state() == before


def test_another_units_product_cannot_be_chosen(login, officer, facility, alien):
    with scopes_disabled():
        foreign = alien.workshop.products.get()
    before = state()
    response = login(officer).post(
        url("workshop-create", facility), workshop_data(products=[foreign.pk])
    )
    assert "Masukkan pilihan yang valid." in response.text
    assert state() == before


# --- the waiting list ----------------------------------------------------------------------


def test_officer_adds_inmates_to_the_waiting_list(login, officer, facility, workshop, inmates):
    client = login(officer)
    response = client.post(
        url("application-create", facility, workshop.pk),
        {"inmate": inmates[0].pk, "session": "siang", "note": "Pernah membuat sapu"},
        follow=True,
    )
    assert "Ditambahkan ke daftar tunggu." in response.text
    assert "Pernah membuat sapu" in response.text
    with scopes_disabled():
        application = Application.objects.get()
        assert AuditEntry.objects.for_object(application).get().actor == officer
    assert application.inmate == inmates[0] and application.session == "siang"
    assert application.status == "menunggu" and application.created_by == officer

    # The same inmate twice: refused, the page shows why.
    before = state()
    response = client.post(
        url("application-create", facility, workshop.pk),
        {"inmate": inmates[0].pk, "session": "pagi"},
    )
    assert response.status_code == 400
    assert "WBP sudah ada di daftar tunggu bengkel ini." in response.text
    assert state() == before


@pytest.mark.parametrize(
    "bad",
    [
        {"session": "penuh"},  # the workshop works mornings and afternoons only
        {"inmate": ""},
        {"inmate": "alien"},
        {"inmate": "departed"},
    ],
    ids=["session", "no-inmate", "other-units-inmate", "departed-inmate"],
)
def test_bad_waiting_list_input_is_refused(
    login, officer, facility, workshop, inmates, alien, make_inmate, bad
):
    data = {"inmate": inmates[0].pk, "session": "pagi", **bad}
    if data["inmate"] == "alien":
        data["inmate"] = alien.free_inmate.pk
    elif data["inmate"] == "departed":
        data["inmate"] = make_inmate(departed_on=dt.date(2026, 1, 2), departure="bebas").pk
    before = state()
    response = login(officer).post(url("application-create", facility, workshop.pk), data)
    assert response.status_code == 400
    message = "Bidang ini tidak boleh kosong." if bad == {"inmate": ""} else "pilihan yang valid"
    assert message in response.text
    assert state() == before


def test_officer_approves_several_at_once(login, officer, facility, workshop, inmates):
    agus, budi, citra = inmates
    applications = [make_application(workshop, inmate, officer) for inmate in inmates]
    response = login(officer).post(
        url("application-approve", facility, workshop.pk),
        {"applications": [a.pk for a in applications], "start_date": today().isoformat()},
        follow=True,
    )
    assert response.status_code == 200
    page = response.text
    assert "2 WBP ditempatkan." in page
    # Citra is classified maksimum: refused with the reason, left on the waiting list.
    assert (
        "Citra Batikwangi: WBP tidak memenuhi aturan bengkel: "
        "Klasifikasi Maksimum di bawah batas terendah bengkel (Medium)." in page
    )
    with scopes_disabled():
        allocations = {a.inmate: a for a in Allocation.objects.all()}
    assert set(allocations) == {agus, budi}
    assert {a.status for a in allocations.values()} == {"ACTIVE"}
    assert [fresh(a).status for a in applications] == ["disetujui", "disetujui", "menunggu"]
    assert fresh(applications[0]).decided_by == officer
    assert allocations[agus].application == applications[0]


def test_approving_with_a_future_start_leaves_them_pending(
    login, officer, facility, workshop, inmates
):
    application = make_application(workshop, inmates[0], officer)
    start = today() + dt.timedelta(days=7)
    login(officer).post(
        url("application-approve", facility, workshop.pk),
        {"applications": [application.pk], "start_date": start.isoformat()},
    )
    with scopes_disabled():
        allocation = Allocation.objects.get()
    assert allocation.status == "PENDING" and allocation.start_date == start


@pytest.mark.parametrize(
    "bad",
    [{"applications": []}, {"start_date": ""}, {"start_date": "31-02-2026"}, {"other": True}],
    ids=["none-chosen", "no-date", "bad-date", "another-units-application"],
)
def test_bad_approval_writes_nothing(login, officer, facility, workshop, inmates, alien, bad):
    application = make_application(workshop, inmates[0], officer)
    data = {"applications": [application.pk], "start_date": today().isoformat()}
    if bad.pop("other", False):
        data["applications"] = [alien.application.pk]
    data.update(bad)
    before = state()
    response = login(officer).post(
        url("application-approve", facility, workshop.pk), data, follow=True
    )
    assert "Pilih paling sedikit satu permohonan dan tanggal mulai." in response.text
    assert state() == before
    assert fresh(alien.application).status == "menunggu"


def test_officer_declines_with_a_reason(login, officer, facility, workshop, inmates):
    application = make_application(workshop, inmates[0], officer)
    client = login(officer)
    before = state()
    response = client.post(
        url("application-decline", facility, application.pk), {"reason": "  "}, follow=True
    )
    assert "Isi alasan penolakan." in response.text
    assert state() == before

    response = client.post(
        url("application-decline", facility, application.pk),
        {"reason": "Sedang menjalani hukuman disiplin"},
        follow=True,
    )
    assert "Permohonan ditolak." in response.text
    assert "Tidak ada yang menunggu." in response.text
    application = fresh(application)
    assert application.status == "ditolak"
    assert application.decline_reason == "Sedang menjalani hukuman disiplin"
    assert application.decided_by == officer

    # Declining it again: refused, nothing changes.
    before = state()
    response = client.post(
        url("application-decline", facility, application.pk), {"reason": "Lagi"}, follow=True
    )
    assert "Permohonan ini sudah diputuskan." in response.text
    assert state() == before


# --- allocating directly --------------------------------------------------------------------


def test_officer_allocates_a_suitable_inmate(login, officer, facility, workshop, inmates):
    client = login(officer)
    page = client.get(url("allocate", facility, workshop.pk)).text
    assert f'value="{today().isoformat()}"' in page  # starts today unless changed
    response = client.post(
        url("allocate", facility, workshop.pk),
        {"inmate": inmates[0].pk, "session": "pagi", "start_date": today().isoformat()},
        follow=True,
    )
    assert "Agus Sapulidi ditempatkan di Bengkel Sapu." in response.text
    with scopes_disabled():
        allocation = Allocation.objects.get()
    assert allocation.status == "ACTIVE" and allocation.overrides == []
    assert allocation.created_by == officer


CITRA_FAILS = "Klasifikasi Maksimum di bawah batas terendah bengkel (Medium)."


def test_a_failed_rule_is_explained_and_an_officer_cannot_override(
    login, officer, facility, workshop, inmates
):
    citra = inmates[2]
    data = {"inmate": citra.pk, "session": "pagi", "start_date": today().isoformat()}
    client = login(officer)
    before = state()
    response = client.post(url("allocate", facility, workshop.pk), data)
    assert response.status_code == 400
    rules = texts(response, "failed-rules")
    assert "Aturan yang tidak terpenuhi:" in rules and CITRA_FAILS in rules
    assert "Hanya kepala UPT yang boleh mengecualikan aturan." in rules
    assert 'name="override_classification"' not in response.text  # no reason field for them
    # Even a hand-made POST with a reason does not get an officer past the rule.
    response = client.post(
        url("allocate", facility, workshop.pk), {**data, "override_classification": "Saya mau"}
    )
    assert response.status_code == 400
    assert state() == before


def test_head_overrides_a_failed_rule_with_a_reason(login, head, facility, workshop, inmates):
    citra = inmates[2]
    data = {"inmate": citra.pk, "session": "pagi", "start_date": today().isoformat()}
    client = login(head)
    before = state()
    response = client.post(url("allocate", facility, workshop.pk), data)
    assert response.status_code == 400
    assert CITRA_FAILS in texts(response, "failed-rules")
    assert "Sebagai kepala UPT Anda dapat mengecualikan aturan" in response.text
    assert f"Alasan pengecualian: {CITRA_FAILS}" in response.text
    assert 'name="override_classification"' in response.text
    # Without a reason the rule still blocks.
    response = client.post(
        url("allocate", facility, workshop.pk), {**data, "override_classification": "  "}
    )
    assert response.status_code == 400
    assert "WBP tidak memenuhi aturan bengkel" in response.text
    assert state() == before

    reason = "Penjahit berpengalaman, diawasi langsung oleh Kasi"
    response = client.post(
        url("allocate", facility, workshop.pk),
        {**data, "override_classification": reason},
        follow=True,
    )
    assert "Citra Batikwangi ditempatkan di Bengkel Sapu." in response.text
    assert "aturan dikecualikan" in response.text  # the badge in the workshop's list
    with scopes_disabled():
        allocation = Allocation.objects.get()
    assert allocation.status == "ACTIVE"
    [override] = allocation.overrides
    assert override["rule"] == "classification" and override["reason"] == reason
    assert override["by"] == head.username and override["message"] == CITRA_FAILS

    page = client.get(url("allocation-detail", facility, allocation.pk)).text
    assert "Aturan dikecualikan" in page
    assert f"{CITRA_FAILS} — “{reason}” ({head.username})" in page


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"start_date": ""}, "Bidang ini tidak boleh kosong."),
        ({"start_date": "kemarin"}, "Masukkan tanggal yang valid."),
        ({"session": "penuh"}, "Masukkan pilihan yang valid."),
        ({"inmate": "999999"}, "Masukkan pilihan yang valid."),
    ],
    ids=["no-date", "bad-date", "session", "unknown-inmate"],
)
def test_bad_allocation_input_is_refused(login, officer, facility, workshop, inmates, bad, message):
    data = {"inmate": inmates[0].pk, "session": "pagi", "start_date": today().isoformat()}
    before = state()
    response = login(officer).post(url("allocate", facility, workshop.pk), {**data, **bad})
    assert response.status_code == 400
    assert message in response.text
    assert state() == before


def test_a_full_workshop_refuses_one_more(login, officer, facility, workshop, make_inmate):
    for _ in range(3):
        make_allocation(workshop, make_inmate())
    inmate = make_inmate(name="Indra Terakhir")
    before = state()
    response = login(officer).post(
        url("allocate", facility, workshop.pk),
        {"inmate": inmate.pk, "session": "pagi", "start_date": today().isoformat()},
    )
    assert response.status_code == 400
    assert "Bengkel sudah penuh (3 tempat)." in response.text
    assert state() == before


# --- an allocation's life -------------------------------------------------------------------


def transition(client, facility, allocation, action, **data):
    return client.post(
        url("allocation-transition", facility, allocation.pk, action), data, follow=True
    )


def test_start_suspend_resume_end(login, officer, facility, workshop, inmates):
    allocation = make_allocation(workshop, inmates[0], status="PENDING", created_by=officer)
    client = login(officer)
    page = client.get(url("allocation-detail", facility, allocation.pk)).text
    assert "Menunggu mulai" in page and ">Mulai</button>" in page

    response = transition(client, facility, allocation, "start")
    assert "Penempatan sudah diperbarui." in response.text
    assert fresh(allocation).status == "ACTIVE"

    response = transition(
        client, facility, allocation, "suspend", reason="Dirawat di klinik", with_pay="on"
    )
    assert "dengan premi · Dirawat di klinik" in response.text
    allocation = fresh(allocation)
    assert allocation.status == "SUSPENDED" and allocation.suspended_with_pay is True

    transition(client, facility, allocation, "resume")
    allocation = fresh(allocation)
    assert allocation.status == "ACTIVE" and allocation.suspension_reason == ""

    response = transition(
        client, facility, allocation, "end", reason="selesai", end_date=today().isoformat()
    )
    allocation = fresh(allocation)
    assert allocation.status == "ENDED" and allocation.end_reason == "selesai"
    assert "Berakhir" in response.text and "Akhiri penempatan" not in response.text
    with scopes_disabled():
        moves = [e.changes.get("status") for e in AuditEntry.objects.for_object(allocation)]
    assert moves == [  # newest first
        ["ACTIVE", "ENDED"],
        ["SUSPENDED", "ACTIVE"],
        ["ACTIVE", "SUSPENDED"],
        ["PENDING", "ACTIVE"],
    ]


@pytest.mark.parametrize(
    ("status", "action", "data", "message"),
    [
        ("ACTIVE", "resume", {}, "Penempatan tidak dapat berubah dari Aktif menjadi Aktif."),
        ("ACTIVE", "start", {}, "Penempatan tidak dapat berubah dari Aktif menjadi Aktif."),
        (
            "PENDING",
            "suspend",
            {"reason": "Pemeriksaan"},
            "Penempatan tidak dapat berubah dari Menunggu mulai menjadi Dihentikan sementara.",
        ),
        (
            "ENDED",
            "end",
            {"reason": "selesai", "end_date": "2026-01-05"},
            "Penempatan tidak dapat berubah dari Berakhir menjadi Berakhir.",
        ),
        ("ACTIVE", "hapus", {}, "Tindakan tidak dikenal."),
    ],
    ids=["resume-active", "start-active", "suspend-pending", "end-ended", "unknown"],
)
def test_an_illegal_action_is_400_with_a_message(
    login, officer, facility, workshop, inmates, status, action, data, message
):
    ended = {"end_date": dt.date(2026, 2, 1), "end_reason": "selesai"} if status == "ENDED" else {}
    allocation = make_allocation(
        workshop, inmates[0], status=status, start=dt.date(2026, 1, 5), **ended
    )
    before = state()
    response = login(officer).post(
        url("allocation-transition", facility, allocation.pk, action), data
    )
    assert response.status_code == 400
    assert message in response.text
    assert state() == before


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("suspend", {"reason": ""}, "Lengkapi isian formulir."),
        ("end", {"reason": "bosan", "end_date": "2026-12-01"}, "Masukkan pilihan yang valid."),
        ("end", {"reason": "selesai", "end_date": "2025-12-31"}, "tidak boleh sebelum"),
    ],
    ids=["suspend-without-reason", "end-unknown-reason", "end-before-start"],
)
def test_bad_transition_input_is_refused(
    login, officer, facility, workshop, inmates, action, data, message
):
    allocation = make_allocation(workshop, inmates[0], start=dt.date(2026, 1, 5))
    before = state()
    response = login(officer).post(
        url("allocation-transition", facility, allocation.pk, action), data
    )
    assert response.status_code == 400
    assert message in response.text
    assert state() == before


def test_a_future_allocation_cannot_start_yet(login, officer, facility, workshop, inmates):
    start = today() + dt.timedelta(days=3)
    allocation = make_allocation(workshop, inmates[0], status="PENDING", start=start)
    response = login(officer).post(url("allocation-transition", facility, allocation.pk, "start"))
    assert response.status_code == 400
    assert "Penempatan baru dimulai pada" in response.text
    assert fresh(allocation).status == "PENDING"


# --- the workshop list ----------------------------------------------------------------------


def busy_workshop(facility, product, name, make_inmate):
    """A workshop with two allocations, two waiting, one day of attendance and output."""
    with scopes_disabled():
        workshop = Workshop.objects.create(
            facility=facility, name=name, sector="kerajinan", capacity=4
        )
        workshop.products.add(product)
    day = today().replace(day=1)
    for status in ("ACTIVE", "SUSPENDED"):
        allocation = make_allocation(workshop, make_inmate(), status=status, start=day)
        with scopes_disabled():
            Attendance.objects.create(
                facility=facility, allocation=allocation, date=day, status="hadir", hours=7
            )
            OutputRecord.objects.create(
                facility=facility, allocation=allocation, date=day, product=product, quantity=5
            )
    make_allocation(workshop, make_inmate(), status="PENDING")
    for _ in range(2):
        make_application(workshop, make_inmate(), None)
    return workshop


def test_the_list_shows_each_workshops_figures(login, officer, facility, product, make_inmate):
    busy_workshop(facility, product, "Bengkel Anyaman", make_inmate)
    page = login(officer).get(url("workshop-list", facility)).text
    cells = dict(re.findall(r'<td data-label="([^"]+)">([^<]*)</td>', page))
    # Allocated counts the active and suspended ones, not multiplied by the waiting list.
    assert cells["Ditempatkan"] == "2 / 4"
    assert cells["Menunggu"] == "2"
    assert cells["Tingkat kehadiran"] == "100%"
    assert cells["Hasil kerja"] == "10"


def test_the_list_query_count_does_not_grow_with_workshops(
    login, officer, facility, product, make_inmate, django_assert_max_num_queries
):
    client = login(officer)
    for n in range(2):
        busy_workshop(facility, product, f"Bengkel {n:02d}", make_inmate)
    with django_assert_max_num_queries(15) as few:
        assert client.get(url("workshop-list", facility)).status_code == 200
    for n in range(2, 22):
        busy_workshop(facility, product, f"Bengkel {n:02d}", make_inmate)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url("workshop-list", facility)).text
    assert page.count('data-label="Bengkel kerja"') == 22


def test_a_bad_month_falls_back_to_this_month(login, officer, facility, workshop):
    response = login(officer).get(url("workshop-list", facility), {"bulan": "kemarin"})
    assert response.status_code == 200
    assert "“kemarin” bukan bulan; yang ditampilkan bulan ini." in response.text
