"""API authentication: bearer tokens, the browser session, and the JSON 401."""

import pytest
from django.test import Client
from django_scopes import scopes_disabled

from karya.accounts.services import api_token_create, api_token_revoke, user_update
from karya.api.tests.conftest import ApiClient
from karya.inmates.models import Inmate

pytestmark = pytest.mark.django_db

UNAUTHORIZED = {
    "code": "unauthorized",
    "message": "Masuk atau kirim token API yang sah.",
    "field": None,
    "details": [],
}


def test_a_token_authenticates_and_is_marked_used(openapi_doc, officer):
    token, raw = api_token_create(actor=officer, name="SDP sync")
    assert raw.startswith("karya_") and token.key_hash != raw
    response = ApiClient(openapi_doc, raw).get("/me")
    assert response.status_code == 200
    assert response.json()["username"] == "petugas"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_no_credentials_is_a_json_401_in_indonesian(api_as):
    response = api_as(None).get("/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


def test_a_revoked_token_is_refused(openapi_doc, officer):
    token, raw = api_token_create(actor=officer, name="old script")
    api_token_revoke(actor=officer, token=token)
    client = ApiClient(openapi_doc, raw)
    response = client.get("/me")
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    # Writes are refused with the same 401, not with a CSRF error of the session fallback.
    csrf_client = ApiClient(openapi_doc, raw, client=Client(enforce_csrf_checks=True))
    response = csrf_client.post("/facilities/LPPWT/inmates", {})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


@pytest.mark.parametrize("header", ["Bearer karya_not-a-real-token", "Bearer ", "Token abc"])
def test_a_wrong_token_is_refused(openapi_doc, officer, header):
    response = ApiClient(openapi_doc, Authorization=header).get("/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_the_token_of_a_deactivated_user_is_refused(openapi_doc, officer, admin_user):
    _token, raw = api_token_create(actor=officer, name="script")
    user_update(actor=admin_user, user=officer, is_active=False)
    assert ApiClient(openapi_doc, raw).get("/me").status_code == 401


def test_the_message_follows_accept_language(api_as):
    response = api_as(None, **{"Accept-Language": "en"}).get("/me")
    assert response.json()["message"] == "Log in or send a valid API token."


def test_the_browser_session_authenticates_reads(openapi_doc, login, officer):
    response = ApiClient(openapi_doc, client=login(officer)).get("/me")
    assert response.status_code == 200


def test_a_session_write_without_csrf_token_is_refused_as_json(openapi_doc, officer, facility):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    response = ApiClient(openapi_doc, client=browser).post(
        f"/facilities/{facility.code}/inmates",
        {
            "registration_number": "BI.9/2025",
            "name": "Tanpa Token",
            "sex": "L",
            "status": "narapidana",
            "security_class": "medium",
        },
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf"
    with scopes_disabled():
        assert not Inmate.objects.exists()


def test_an_anonymous_write_is_a_401(openapi_doc, facility):
    client = ApiClient(openapi_doc, client=Client(enforce_csrf_checks=True))
    response = client.post(f"/facilities/{facility.code}/inmates", {})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_malformed_json_is_a_json_400(api_as, officer, facility):
    response = api_as(officer).post(f"/facilities/{facility.code}/inmates", "{not json")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "bad_request"
    assert body["message"] == "Isi permintaan tidak dapat dibaca sebagai JSON."
