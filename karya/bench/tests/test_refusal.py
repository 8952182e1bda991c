"""`karya bench` never writes to a database that holds real data."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_scopes import scopes_disabled

from karya.inmates.models import Inmate

pytestmark = pytest.mark.django_db


def test_a_database_with_inmates_is_refused(facility):
    with scopes_disabled():
        Inmate.objects.create(
            facility=facility,
            registration_number="B.1",
            name="Budi",
            sex="L",
            status="narapidana",
            security_class="medium",
        )

    with pytest.raises(CommandError) as refused:
        call_command("bench", "--scale", "0.0005")

    message = str(refused.value)
    if connection.vendor == "postgresql":
        assert "holds data" in message and "inmates" in message
    else:
        assert "PostgreSQL only" in message
    with scopes_disabled():
        assert Inmate.objects.count() == 1
