"""The pages every user has: log in and out, password, API tokens, unit switcher, language."""

import pytest
from django.test import Client
from django.urls import reverse

from karya.accounts.models import ApiToken, User
from karya.audit.models import AuditEntry
from karya.conftest import PASSWORD
from karya.tests.factories import grant

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def log_in(username, password=PASSWORD):
    client = Client()
    response = client.post(LOGIN, {"username": username, "password": password}, follow=True)
    return client, response


# --- log in and out ------------------------------------------------------------------------


def test_the_login_page_is_in_indonesian_by_default(client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert '<html lang="id">' in response.text
    assert "Masuk ke Karya" in response.text and "Kata sandi" in response.text


def test_a_wrong_password_shows_an_indonesian_error(officer):
    client, response = log_in("petugas", "salah-sandi-99")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi tidak benar." in response.text
    assert "_auth_user_id" not in client.session


def test_an_inactive_user_cannot_log_in(officer):
    User.objects.filter(pk=officer.pk).update(is_active=False)
    _client, response = log_in("petugas")
    assert "Nama pengguna atau kata sandi tidak benar." in response.text


def final_url(response):
    assert response.status_code == 200
    return response.redirect_chain[-1][0]


def test_a_unit_user_lands_on_their_unit(officer, facility):
    _client, response = log_in("petugas")
    assert final_url(response) == f"/upt/{facility.code}/"


def test_an_administrator_lands_on_the_user_list(admin_user):
    _client, response = log_in("admin")
    assert final_url(response) == reverse("accounts:user-list")


@pytest.mark.parametrize("role", ["regional", "national"])
def test_regional_and_national_staff_land_on_the_unit_directory(make_user, region, role):
    make_user(role, region=region, username="pengawas")
    _client, response = log_in("pengawas")
    assert final_url(response) == reverse("unit-directory")


def test_a_user_without_roles_lands_on_their_profile(make_user):
    make_user(username="baru")
    _client, response = log_in("baru")
    assert final_url(response) == reverse("accounts:profile")
    assert "Anda belum memiliki peran. Hubungi administrator." in response.text


def test_login_honours_a_safe_next_and_ignores_another_host(officer):
    client = Client()
    response = client.post(
        LOGIN, {"username": "petugas", "password": PASSWORD, "next": reverse("accounts:profile")}
    )
    assert response.url == reverse("accounts:profile")
    client = Client()
    response = client.post(
        LOGIN, {"username": "petugas", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert "evil" not in response.url


def test_a_logged_in_user_is_sent_on_from_the_login_page(login, officer):
    response = login(officer).get(LOGIN)
    assert response.status_code == 302


def test_logout_is_a_post(login, officer):
    client = login(officer)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response.url == LOGIN
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_pages_need_login(client):
    for name in ["accounts:profile", "accounts:password-change"]:
        response = client.get(reverse(name))
        assert response.status_code == 302 and response.url.startswith(LOGIN)
    response = client.post(reverse("accounts:token-revoke", args=[1]))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


# --- password ------------------------------------------------------------------------------

CHANGE = reverse("accounts:password-change")


def change(client, old=PASSWORD, new="Sandi-Baru-Kuat-2026", again=None):
    data = {"old_password": old, "new_password": new, "new_password_again": again or new}
    return client.post(CHANGE, data)


def assert_password_unchanged(user):
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    assert not AuditEntry.objects.filter(action="password").exists()


def test_wrong_current_password(login, officer):
    response = change(login(officer), old="bukan-sandi-saya")
    assert response.status_code == 200
    assert "Kata sandi sekarang tidak benar." in response.text
    assert_password_unchanged(officer)


def test_new_passwords_that_differ(login, officer):
    response = change(login(officer), again="Sandi-Lain-Kuat-2026")
    assert response.status_code == 200
    assert "Kedua kata sandi baru tidak sama." in response.text
    assert_password_unchanged(officer)


@pytest.mark.parametrize(
    ("weak", "message"),
    [
        ("abc", "terlalu pendek"),
        ("12345678901", "seluruhnya terdiri dari angka"),
        ("password123", "terlalu umum"),
        ("petugas12", "terlalu mirip"),
    ],
)
def test_a_weak_password_is_refused_with_a_clear_message(login, officer, weak, message):
    response = change(login(officer), new=weak)
    assert response.status_code == 200
    assert message in response.text
    assert_password_unchanged(officer)


def test_a_password_change_is_audited_without_the_password(login, officer):
    client = login(officer)
    response = change(client)
    assert response.status_code == 302 and response.url == reverse("accounts:profile")
    officer.refresh_from_db()
    assert officer.check_password("Sandi-Baru-Kuat-2026")
    entry = AuditEntry.objects.get(action="password")
    assert entry.actor == officer and entry.object_id == str(officer.pk)
    assert entry.changes == {}
    assert "Sandi-Baru" not in str(entry.changes) + entry.note + entry.object_repr
    # Still logged in, and told so.
    page = client.get(reverse("accounts:profile"))
    assert page.status_code == 200 and "Kata sandi Anda sudah diganti." in page.text


# --- API tokens ----------------------------------------------------------------------------

PROFILE = reverse("accounts:profile")


def test_a_token_is_created_and_shown_once(login, officer):
    client = login(officer)
    response = client.post(PROFILE, {"name": "Skrip SDP"})
    assert response.status_code == 302 and response.url == PROFILE
    page = client.get(PROFILE)
    token = ApiToken.objects.get(user=officer)
    assert 'id="new-token"' in page.text
    raw = page.text.split('id="new-token">')[1].split("<")[0]
    assert raw.startswith("karya_") and ApiToken.hash(raw) == token.key_hash
    assert "Token baru (salin sekarang" in page.text
    assert "Skrip SDP" in page.text and token.prefix in page.text
    again = client.get(PROFILE)
    assert raw not in again.text and 'id="new-token"' not in again.text
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/v1/me").status_code == 200
    assert AuditEntry.objects.filter(object_id=str(token.pk), action="create").exists()


def test_a_token_needs_a_name(login, officer):
    response = login(officer).post(PROFILE, {"name": "   "})
    assert response.status_code == 200
    assert "tidak boleh kosong" in response.text
    assert not ApiToken.objects.exists()


def test_a_token_is_revoked(login, officer):
    client = login(officer)
    client.post(PROFILE, {"name": "skrip-usang-7"})
    raw = client.get(PROFILE).text.split('id="new-token">')[1].split("<")[0]
    token = ApiToken.objects.get()
    response = client.post(reverse("accounts:token-revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    page = client.get(PROFILE)
    assert "Token sudah dicabut." in page.text and "skrip-usang-7" not in page.text
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get("/api/v1/me").status_code == 401


def test_no_one_revokes_another_users_token(login, officer, head):
    client = login(officer)
    client.post(PROFILE, {"name": "milik petugas"})
    token = ApiToken.objects.get()
    assert login(head).post(reverse("accounts:token-revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert client.get(reverse("accounts:token-revoke", args=[token.pk])).status_code == 405


# --- unit switcher -------------------------------------------------------------------------


def test_a_user_of_several_units_can_switch(
    login, make_user, facility, other_facility, far_facility
):
    user = make_user("officer", facility=facility)
    grant(user, "treasurer", facility=other_facility)
    client = login(user)
    page = client.get(reverse("unit-home", args=[facility.code]))
    assert page.status_code == 200
    switcher = page.text.split('class="switcher"')[1].split("</details>")[0]
    assert facility.name in switcher and other_facility.name in switcher
    assert far_facility.name not in switcher
    for unit in (facility, other_facility):
        response = client.get(reverse("unit-home", args=[unit.code]))
        assert response.status_code == 200 and unit.name in response.text
    assert client.get(reverse("unit-home", args=[far_facility.code])).status_code == 404
    # The unit opened last is where the start page sends them next time.
    assert client.get("/").url == reverse("unit-home", args=[other_facility.code])


def test_a_user_of_one_unit_has_no_switcher(login, officer, facility):
    page = login(officer).get(reverse("unit-home", args=[facility.code]))
    assert 'class="switcher"' not in page.text


def test_an_unknown_unit_is_a_404(login, officer):
    assert login(officer).get(reverse("unit-home", args=["TIDAKADA"])).status_code == 404


# --- language ------------------------------------------------------------------------------


def test_switching_to_english(login, officer):
    client = login(officer)
    assert "Akun saya" in client.get(PROFILE).text
    response = client.post(reverse("set_language"), {"language": "en", "next": PROFILE})
    assert response.status_code == 302 and response.url == PROFILE
    page = client.get(PROFILE)
    assert '<html lang="en">' in page.text
    assert "My account" in page.text and "Akun saya" not in page.text
    client.post(reverse("set_language"), {"language": "id", "next": PROFILE})
    assert "Akun saya" in client.get(PROFILE).text


def test_the_login_page_in_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": LOGIN})
    response = client.post(LOGIN, {"username": "x", "password": "y"})
    assert "Log in to Karya" in response.text
    assert "The username or password is not right." in response.text
