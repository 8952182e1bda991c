"""factory_boy factories for the test suite."""

import datetime as dt

import factory

from karya.accounts.choices import ROLE_SCOPE, ScopeType
from karya.accounts.models import Membership, User
from karya.facilities.models import Facility, Region
from karya.inmates.models import Inmate

PASSWORD = "rahasia-uji-123"  # every factory user's password


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"region-{n}")
    name = factory.Sequence(lambda n: f"Region {n}")


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility
        django_get_or_create = ("code",)

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"LPT{n:03d}")
    name = factory.Sequence(lambda n: f"Lapas Kelas IIB Uji {n}")
    type = "lapas"
    facility_class = "IIB"
    timezone = "Asia/Jakarta"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Pengguna Uji {n}")
    password = factory.django.Password(PASSWORD)


def grant(user, role, *, facility=None, region=None) -> Membership:
    """Give `user` the role over the scope that role takes."""
    scope = ROLE_SCOPE[role]
    return Membership.objects.create(
        user=user,
        role=role,
        scope=scope,
        facility=facility if scope == ScopeType.FACILITY else None,
        region=region if scope == ScopeType.REGION else None,
    )


class InmateFactory(factory.django.DjangoModelFactory):
    """Create inside `scopes_disabled()` or a scope that includes the facility."""

    class Meta:
        model = Inmate

    facility = factory.SubFactory(FacilityFactory)
    registration_number = factory.Sequence(lambda n: f"BI.{n:04d}/2025")
    name = factory.Sequence(lambda n: f"Warga Binaan Fiktif {n}")
    sex = "L"
    status = "narapidana"
    security_class = "medium"
    stage = "lanjutan"
    sentence_start = dt.date(2024, 1, 10)
    expected_release = dt.date(2028, 6, 1)


TRAINING_START = dt.date(2025, 3, 3)


def make_training(facility, **fields):
    """A training of the unit (created with scopes disabled)."""
    from django_scopes import scopes_disabled

    from karya.programs.models import Training

    values = {
        "title": "Pelatihan Batik Tulis",
        "provider_name": "BLK Surakarta",
        "hours_jp": 40,
        "start_date": TRAINING_START,
        "end_date": dt.date(2025, 3, 14),
    } | fields
    with scopes_disabled():
        return Training.objects.create(facility=facility, **values)


def make_participant(training, inmate, **fields):
    """An inmate in a training (created with scopes disabled)."""
    from django_scopes import scopes_disabled

    from karya.programs.models import TrainingParticipant

    with scopes_disabled():
        return TrainingParticipant.objects.create(
            facility_id=training.facility_id, training=training, inmate=inmate, **fields
        )


def record_output(workshop, inmates, days, pieces: dict) -> None:
    """Each inmate, placed in the workshop (active since 5 January 2026), made `pieces`
    ({product: quantity}) on each of `days`. Create inside `scopes_disabled()`."""
    from karya.programs.models import Allocation, OutputRecord

    for inmate in inmates:
        allocation = Allocation.objects.create(
            facility_id=workshop.facility_id,
            workshop=workshop,
            inmate=inmate,
            session="pagi",
            status="ACTIVE",
            start_date=dt.date(2026, 1, 5),
            started=True,
        )
        OutputRecord.objects.bulk_create(
            OutputRecord(
                facility_id=workshop.facility_id,
                allocation=allocation,
                date=day,
                product=product,
                quantity=quantity,
            )
            for day in days
            for product, quantity in pieces.items()
        )
