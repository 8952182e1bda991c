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

    # The message (in the interface's language) tells where the benchmark may run instead.
    message = str(refused.value)
    assert "DATABASE_URL" in message and "README" in message
    if connection.vendor == "postgresql":
        assert str(Inmate._meta.verbose_name_plural) in message
    with scopes_disabled():
        assert Inmate.objects.count() == 1
