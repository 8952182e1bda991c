"""API test helpers: a client that sends a bearer token and checks every response against the
OpenAPI document (declared status, declared body shape)."""

import json

import pytest
from django.test import Client

from karya.accounts.services import api_token_create
from karya.api.api import api
from karya.api.tests.openapi_check import check_response

API = "/api/v1"


@pytest.fixture(scope="session")
def openapi_doc():
    return json.loads(json.dumps(api.get_openapi_schema()))


class ApiClient:
    """A test client for /api/v1/ whose every answer must match the OpenAPI document."""

    def __init__(self, doc, token: str | None = None, client: Client | None = None, **headers):
        self.doc = doc
        self.client = client or Client()
        self.headers = dict(headers)
        if token:
            self.headers["Authorization"] = f"Bearer {token}"

    def _call(self, method: str, path: str, data=None, **extra):
        url = API + path
        call = getattr(self.client, method.lower())
        headers = {**self.headers, **extra.pop("headers", {})}
        if method in {"POST", "PATCH", "PUT"}:
            body = data if isinstance(data, str) else json.dumps(data)
            response = call(url, body, content_type="application/json", headers=headers, **extra)
        else:
            response = call(url, data or {}, headers=headers, **extra)
        check_response(self.doc, method, url, response)
        return response

    def get(self, path, params=None, **extra):
        return self._call("GET", path, params, **extra)

    def post(self, path, data=None, **extra):
        return self._call("POST", path, data, **extra)

    def patch(self, path, data=None, **extra):
        return self._call("PATCH", path, data, **extra)

    def put(self, path, data=None, **extra):
        return self._call("PUT", path, data, **extra)


@pytest.fixture
def api_as(openapi_doc):
    """api_as(user) → an ApiClient with a fresh token of that user; api_as(None) → anonymous."""

    def make(user=None, **headers):
        if user is None:
            return ApiClient(openapi_doc, **headers)
        _token, raw = api_token_create(actor=user, name="test")
        return ApiClient(openapi_doc, raw, **headers)

    return make
