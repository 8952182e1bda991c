"""User administration under /akun/pengguna/: who may open it, and what each page does."""

import pytest
from django.test import Client
from django.urls import reverse

from karya.accounts.models import Membership, User
from karya.audit.models import AuditEntry
from karya.conftest import PASSWORD
from karya.tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


@pytest.fixture
def account(make_user):
    """The user being administered."""
    return make_user(username="budi", full_name="Budi Santoso", nip="198001012005011001")


# --- who may open the pages ----------------------------------------------------------------

PAGES = [
    ("accounts:user-list", False, "get"),
    ("accounts:user-create", False, "get"),
    ("accounts:user-detail", True, "get"),
    ("accounts:user-update", True, "get"),
    ("accounts:user-history", True, "get"),
    ("accounts:membership-create", True, "post"),
    ("accounts:password-reset", True, "post"),
    ("accounts:membership-end", "membership", "post"),
]


def page_url(name, arg, account):
    if arg == "membership":
        return reverse(name, args=[account.memberships.get().pk])
    return reverse(name, args=[account.pk]) if arg else reverse(name)


@pytest.fixture
def managed(account, facility):
    grant(account, "officer", facility=facility)
    return account


@pytest.mark.parametrize(("name", "arg", "method"), PAGES)
def test_anonymous_is_sent_to_login(client, managed, name, arg, method):
    response = getattr(client, method)(page_url(name, arg, managed))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


@pytest.mark.parametrize(("name", "arg", "method"), PAGES)
@pytest.mark.parametrize("role", ["officer", "head", "national", "regional"])
def test_other_roles_get_403(login, make_user, facility, region, managed, role, name, arg, method):
    user = make_user(role, facility=facility, region=region)
    response = getattr(login(user), method)(page_url(name, arg, managed))
    assert response.status_code == 403
    assert "Tidak diizinkan" in response.text
    assert managed.memberships.get().is_active
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(("name", "arg", "method"), PAGES)
def test_an_administrator_may_open_every_page(login, admin_user, managed, name, arg, method):
    response = login(admin_user).get(page_url(name, arg, managed))
    # The POST-only actions answer a GET with 405, after the permission check let it through.
    assert response.status_code == (200 if method == "get" else 405)


def test_unknown_users_are_404(login, admin_user):
    client = login(admin_user)
    assert client.get(reverse("accounts:user-detail", args=[9999])).status_code == 404
    assert client.get(reverse("accounts:user-update", args=[9999])).status_code == 404
    assert client.post(reverse("accounts:membership-end", args=[9999])).status_code == 404


# --- list ----------------------------------------------------------------------------------


def test_the_list_shows_and_searches_users(login, admin_user, account, make_user):
    make_user(username="siti", full_name="Siti Aminah")
    client = login(admin_user)
    page = client.get(reverse("accounts:user-list"))
    assert "budi" in page.text and "siti" in page.text and "Pengguna" in page.text
    for query in ["BUDI", "santoso", "19800101"]:
        page = client.get(reverse("accounts:user-list"), {"q": query})
        assert "Budi Santoso" in page.text and "Siti Aminah" not in page.text


def test_the_list_query_count_does_not_grow(login, admin_user, django_assert_max_num_queries):
    client = login(admin_user)
    UserFactory.create_batch(3)
    with django_assert_max_num_queries(12) as few:
        assert client.get(reverse("accounts:user-list")).status_code == 200
    for user in UserFactory.create_batch(45):
        grant(user, "national")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("accounts:user-list")).status_code == 200


# --- create --------------------------------------------------------------------------------

CREATE = reverse("accounts:user-create")


def new_user(**overrides):
    return {
        "username": "rina",
        "full_name": "Rina Wulandari",
        "nip": "",
        "email": "",
        "password": "Awal-Kuat-2026!",
        **overrides,
    }


def test_create_a_user(login, admin_user):
    response = login(admin_user).post(CREATE, new_user())
    user = User.objects.get(username="rina")
    assert response.status_code == 302
    assert response.url == reverse("accounts:user-detail", args=[user.pk])
    assert user.check_password("Awal-Kuat-2026!") and not user.memberships.exists()
    entry = AuditEntry.objects.for_object(user).get()
    assert entry.action == "create" and entry.actor == admin_user
    assert "password" not in entry.changes and "Awal-Kuat" not in str(entry.changes)
    assert Client().login(username="rina", password="Awal-Kuat-2026!")


@pytest.mark.parametrize("username", ["budi", "BUDI", " budi "])
def test_a_duplicate_username_is_refused(login, admin_user, account, username):
    response = login(admin_user).post(CREATE, new_user(username=username))
    assert response.status_code == 200
    assert "Nama pengguna ini sudah dipakai." in response.text
    assert User.objects.count() == 2
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("abc", "terlalu pendek"),
        ("qwertyuiop", "terlalu umum"),
        ("1234567890123", "seluruhnya terdiri dari angka"),
        ("rinawulan1", "terlalu mirip dengan nama pengguna"),
    ],
)
def test_a_weak_password_is_refused(login, admin_user, password, message):
    response = login(admin_user).post(CREATE, new_user(username="rinawulan", password=password))
    assert response.status_code == 200
    assert message in response.text.split('id="id_password"')[-1]
    assert not User.objects.filter(full_name="Rina Wulandari").exists()
    assert not AuditEntry.objects.exists()


def test_a_bad_username_is_refused(login, admin_user):
    response = login(admin_user).post(CREATE, new_user(username="rina wulan"))
    assert response.status_code == 200
    assert not User.objects.filter(full_name="Rina Wulandari").exists()
    assert not AuditEntry.objects.exists()


# --- edit ----------------------------------------------------------------------------------


def test_edit_a_user(login, admin_user, account):
    url = reverse("accounts:user-update", args=[account.pk])
    client = login(admin_user)
    assert "Budi Santoso" in client.get(url).text
    data = {"full_name": "Budi S.", "nip": account.nip, "email": "budi@example.id"}
    response = client.post(url, {**data, "is_active": "on"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.full_name == "Budi S." and account.email == "budi@example.id"
    entry = AuditEntry.objects.for_object(account).get()
    assert entry.changes == {
        "full_name": ["Budi Santoso", "Budi S."],
        "email": ["", "budi@example.id"],
    }
    # Saving the same values again writes nothing.
    client.post(url, {**data, "is_active": "on"})
    assert AuditEntry.objects.for_object(account).count() == 1
    # Deactivating.
    client.post(url, data)
    account.refresh_from_db()
    assert not account.is_active


def test_an_administrator_cannot_deactivate_themselves(login, admin_user):
    url = reverse("accounts:user-update", args=[admin_user.pk])
    response = login(admin_user).post(url, {"full_name": "Admin", "nip": "", "email": ""})
    assert response.status_code == 200
    assert "Anda tidak dapat menonaktifkan akun Anda sendiri." in response.text
    admin_user.refresh_from_db()
    assert admin_user.is_active and admin_user.full_name != "Admin"
    assert not AuditEntry.objects.exists()


# --- roles ---------------------------------------------------------------------------------


def add_role(client, account, **data):
    return client.post(reverse("accounts:membership-create", args=[account.pk]), data)


def test_give_a_unit_role(login, admin_user, account, facility):
    response = add_role(login(admin_user), account, role="officer", facility=facility.pk)
    assert response.status_code == 302
    membership = account.memberships.get()
    assert (membership.role, membership.scope, membership.facility) == (
        "officer",
        "facility",
        facility,
    )
    entry = AuditEntry.objects.for_object(membership).get()
    assert entry.action == "create" and entry.actor == admin_user


def test_give_regional_national_and_admin_roles(login, admin_user, account, region):
    client = login(admin_user)
    assert add_role(client, account, role="regional", region=region.pk).status_code == 302
    assert add_role(client, account, role="national").status_code == 302
    assert add_role(client, account, role="admin").status_code == 302
    got = {(m.role, m.scope, m.region_id) for m in account.memberships.all()}
    assert got == {("regional", "region", region.pk), ("national", "country", None),
                   ("admin", "country", None)}  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "officer"}, "Peran ini dipegang di satu UPT: pilih UPT-nya."),
        ({"role": "head", "region": "REGION"}, "Peran ini dipegang di satu UPT: pilih UPT-nya."),
        ({"role": "regional"}, "Peran ini dipegang di satu Kanwil: pilih Kanwil-nya."),
        ({"role": "regional", "facility": "FACILITY"}, "pilih Kanwil-nya"),
        ({"role": "national", "facility": "FACILITY"}, "Peran ini berlaku untuk seluruh negeri"),
        ({"role": "admin", "region": "REGION"}, "Peran ini berlaku untuk seluruh negeri"),
        (
            {"role": "officer", "facility": "FACILITY", "region": "REGION"},
            "Peran ini dipegang di satu UPT: jangan pilih Kanwil.",
        ),
        (
            {"role": "regional", "facility": "FACILITY", "region": "REGION"},
            "Peran ini dipegang di satu Kanwil: jangan pilih UPT.",
        ),
        ({"role": "superuser"}, "Masukkan pilihan yang valid"),
    ],
)
def test_a_role_must_fit_its_scope(login, admin_user, account, facility, region, data, message):
    ids = {"FACILITY": facility.pk, "REGION": region.pk}
    data = {key: ids.get(value, value) for key, value in data.items()}
    response = add_role(login(admin_user), account, **data)
    assert response.status_code == 400
    assert message in response.text
    assert not account.memberships.exists()
    assert not AuditEntry.objects.exists()


def test_the_same_role_twice_is_refused(login, admin_user, account, facility):
    client = login(admin_user)
    add_role(client, account, role="officer", facility=facility.pk)
    response = add_role(client, account, role="officer", facility=facility.pk)
    assert response.status_code == 400
    assert "Pengguna sudah memegang peran ini di sini." in response.text
    assert account.memberships.count() == 1


def test_end_a_role(login, admin_user, managed):
    membership = managed.memberships.get()
    client = login(admin_user)
    response = client.post(reverse("accounts:membership-end", args=[membership.pk]))
    assert response.status_code == 302
    assert response.url == reverse("accounts:user-detail", args=[managed.pk])
    membership.refresh_from_db()
    assert not membership.is_active
    entry = AuditEntry.objects.for_object(membership).get()
    assert entry.changes == {"is_active": [True, False]}
    assert "Peran sudah dicabut." in client.get(response.url).text
    # Ending it again finds nothing to end.
    assert client.post(reverse("accounts:membership-end", args=[membership.pk])).status_code == 404


def test_an_administrator_cannot_remove_their_own_admin_role(login, admin_user):
    membership = admin_user.memberships.get()
    client = login(admin_user)
    response = client.post(reverse("accounts:membership-end", args=[membership.pk]), follow=True)
    assert "Anda tidak dapat mencabut peran administrator Anda sendiri." in response.text
    membership.refresh_from_db()
    assert membership.is_active
    assert not AuditEntry.objects.exists()


def test_an_administrator_may_remove_their_other_roles(login, admin_user, facility):
    unit_role = grant(admin_user, "head", facility=facility)
    login(admin_user).post(reverse("accounts:membership-end", args=[unit_role.pk]))
    unit_role.refresh_from_db()
    assert not unit_role.is_active


def test_the_detail_page_lists_roles(login, admin_user, managed, facility):
    page = login(admin_user).get(reverse("accounts:user-detail", args=[managed.pk]))
    assert "Petugas kegiatan kerja" in page.text
    assert facility.name in page.text


# --- password reset ------------------------------------------------------------------------


def test_reset_a_password(login, admin_user, account):
    url = reverse("accounts:password-reset", args=[account.pk])
    response = login(admin_user).post(url, {"password": "Reset-Kuat-2026!"})
    assert response.status_code == 302
    account.refresh_from_db()
    assert account.check_password("Reset-Kuat-2026!")
    entry = AuditEntry.objects.for_object(account).get()
    assert entry.action == "password" and entry.actor == admin_user and entry.changes == {}


def test_a_weak_reset_password_is_refused(login, admin_user, account):
    url = reverse("accounts:password-reset", args=[account.pk])
    response = login(admin_user).post(url, {"password": "budi"})
    assert response.status_code == 400
    assert "terlalu pendek" in response.text
    account.refresh_from_db()
    assert account.check_password(PASSWORD)
    assert not AuditEntry.objects.exists()


# --- history -------------------------------------------------------------------------------


def test_the_history_shows_before_and_after(login, admin_user, account):
    client = login(admin_user)
    client.post(
        reverse("accounts:user-update", args=[account.pk]),
        {"full_name": "Budi Baru", "nip": account.nip, "email": "", "is_active": "on"},
    )
    page = client.get(reverse("accounts:user-history", args=[account.pk]))
    assert page.status_code == 200
    assert "<del>Budi Santoso</del>" in page.text and "<ins>Budi Baru</ins>" in page.text
    assert admin_user.display_name in page.text


def test_membership_records_are_kept(login, admin_user, managed):
    membership = managed.memberships.get()
    login(admin_user).post(reverse("accounts:membership-end", args=[membership.pk]))
    assert Membership.objects.filter(pk=membership.pk).exists()
