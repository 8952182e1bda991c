"""Schemathesis against the API's own OpenAPI document: every operation is called with
generated input, valid and invalid (wrong types, huge numbers, Unicode, NUL bytes, missing
and extra fields), as a user holding every working role of one unit. No answer may be a server
error, and every answer must be one the document declares, with the declared body.

The path arguments name the unit and its real records (a handover, a workshop, an agreement,
...), so the generated bodies reach the services behind the permission and lookup checks, not
only their 404. A bounded number of examples per operation keeps the run short."""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from karya.accounts.services import api_token_create
from karya.tests.api_params import ids_of, model_for
from karya.tests.factories import grant
from karya.wsgi import application

pytestmark = pytest.mark.django_db

EXAMPLES = {GenerationMode.POSITIVE: 3, GenerationMode.NEGATIVE: 2}
# Operations that lay out a document or recompute a month's figures take seconds a call: one
# example each.
SLOW = re.compile(
    r"(\.pdf|\.xlsx|/bast|/labels|/receipt|/quotation|/slips|/certificate|/skills-record|dashboard)$"
)
ROLES = ["head", "output_officer", "treasurer", "officer"]


def path_arguments(operation, facility) -> dict:
    """The unit's code and the id of one of its records for every `{…}` of the path."""
    found = {}
    for name in re.findall(r"\{(\w+)\}", operation.path):
        if name == "code":
            found[name] = facility.code
        elif name == "region_code":
            found[name] = facility.region.code
        elif name == "year":
            found[name] = 2026
        elif name == "date":
            found[name] = "2026-01-19"
        else:
            label = model_for(operation.path, name)
            ids = ids_of(label, facility) if label else []
            found[name] = ids[0] if ids else 999999
    return found


def run(operation, *, mode, path, headers):
    """Call the operation with a few generated cases; the failure text, or None."""
    strategy = operation.as_strategy(generation_mode=mode, path_parameters=path)

    @given(case=strategy)
    @settings(
        max_examples=1 if SLOW.search(operation.path) else EXAMPLES[mode],
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
        phases=[p for p in __import__("hypothesis").Phase if p.name in ("explicit", "generate")],
    )
    def call(case):
        # A valid body a business rule refuses (a 400 naming the field) is a right answer.
        case.call_and_validate(
            headers=headers, excluded_checks=[positive_data_acceptance, ignored_auth]
        )

    try:
        call()
    except Unsatisfiable:  # nothing to negate: the path is fixed and there is no other input
        return None
    except BaseExceptionGroup as failure:  # schemathesis's FailureGroup, hypothesis's Flaky...
        return f"{mode.value} {operation.method.upper()} {operation.path}:\n{failure}"
    except Exception as failure:  # noqa: BLE001 - each operation's failure is reported
        return f"{mode.value} {operation.method.upper()} {operation.path}:\n{failure}"
    return None


@pytest.fixture
def keep_connection():
    """The WSGI application closes the database connection after each request (in production
    the next one opens a new one); here that would end the test's transaction. Django's test
    client holds the connection open the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(keep_connection, facility, make_user, national_split_rule, pickup, partner_world):
    partner_world()
    user = make_user(username="penguji")
    for role in ROLES:
        grant(user, role, facility=facility)
    _token, raw = api_token_create(actor=user, name="schemathesis")
    return raw


def test_the_api_answers_any_input_as_documented(token, facility):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    headers = {"Authorization": f"Bearer {token}"}
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    import os

    only = os.environ.get("FUZZ_ONLY")
    for operation in operations:
        if only and not re.search(only, operation.path):
            continue
        path = path_arguments(operation, facility)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            failure = run(operation, mode=mode, path=path, headers=headers)
            if failure:
                failures.append(failure)
    assert not failures, f"{len(failures)} failure(s):\n\n" + "\n\n".join(failures)
