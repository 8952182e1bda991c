"""Training services: the rules of a training, its participants, results and certificates."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.errors import Conflict, DomainError
from karya.programs.models import Training, TrainingParticipant, Workshop
from karya.programs.services import trainings as services
from karya.tests.factories import InmateFactory

pytestmark = pytest.mark.django_db

START = dt.date(2025, 3, 3)


@pytest.fixture(autouse=True)
def unit_scope(facility, other_facility):
    """Services run inside the requesting unit's scope, as pages and the API run them."""
    with scope(facility=[facility.pk]):
        yield


def _training(facility, officer, **fields):
    values = {
        "title": "Pelatihan Batik Tulis",
        "provider_name": "BLK Surakarta",
        "hours_jp": 40,
        "start_date": START,
        "end_date": dt.date(2025, 3, 14),
    } | fields
    return services.training_create(actor=officer, facility=facility, **values)


def _audit(instance, action):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        action=action,
    )


def test_create_records_the_training_with_an_audit_row(facility, officer):
    training = _training(
        facility,
        officer,
        title="  Pelatihan Batik Tulis ",
        competency_units="C.10TEK00.001.1 Menyiapkan bahan\n\n  C.10TEK00.002.1 Mencanting  \n",
    )
    assert training.title == "Pelatihan Batik Tulis"
    assert training.competency_unit_list == [
        "C.10TEK00.001.1 Menyiapkan bahan",
        "C.10TEK00.002.1 Mencanting",
    ]
    entry = _audit(training, AuditEntry.Action.CREATE).get()
    assert entry.actor == officer and entry.facility_id == facility.pk


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"end_date": START - dt.timedelta(days=1)}, "end_date"),
        ({"hours_jp": 0}, "hours_jp"),
        ({"hours_jp": 10**12}, "hours_jp"),
        ({"title": "   "}, "title"),
        ({"provider_name": ""}, "provider_name"),
    ],
)
def test_create_refuses_bad_input_and_writes_nothing(facility, officer, fields, field):
    with pytest.raises(DomainError) as error:
        _training(facility, officer, **fields)
    assert error.value.field == field
    assert not Training.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_workshop_must_be_the_units_own(facility, other_facility, officer):
    with scopes_disabled():
        theirs = Workshop.objects.create(facility=other_facility, name="Batik", capacity=5)
        ours = Workshop.objects.create(facility=facility, name="Batik", capacity=5)
    with pytest.raises(DomainError) as error:
        _training(facility, officer, workshop=theirs)
    assert error.value.field == "workshop"
    assert _training(facility, officer, workshop=ours).workshop == ours


def test_update_changes_and_audits_before_and_after(facility, officer):
    training = _training(facility, officer)
    updated = services.training_update(
        actor=officer, training=training, hours_jp=48, provider_name="LSP Batik"
    )
    assert (updated.hours_jp, updated.provider_name) == (48, "LSP Batik")
    entry = _audit(training, AuditEntry.Action.UPDATE).get()
    assert entry.changes["hours_jp"] == [40, 48]
    # Merged with the stored values: moving the end before the start is refused.
    with pytest.raises(DomainError):
        services.training_update(actor=officer, training=training, end_date=dt.date(2025, 1, 1))
    training.refresh_from_db()
    assert training.end_date == dt.date(2025, 3, 14)


def test_start_cannot_move_after_a_recorded_certificate(facility, officer, inmates):
    training = _training(facility, officer)
    [participant] = services.participant_add(
        actor=officer, training=training, inmate_ids=[inmates[0].pk]
    )
    services.participant_record_result(
        actor=officer,
        participant=participant,
        result="kompeten",
        certificate_number="123/BNSP/2025",
        certificate_issuer="BNSP",
        certificate_date=dt.date(2025, 3, 14),
    )
    with pytest.raises(DomainError) as error:
        services.training_update(
            actor=officer,
            training=training,
            start_date=dt.date(2025, 3, 15),
            end_date=dt.date(2025, 3, 20),
        )
    assert error.value.field == "start_date"


def test_add_several_inmates_at_once(facility, officer, inmates):
    training = _training(facility, officer)
    added = services.participant_add(
        actor=officer, training=training, inmate_ids=[i.pk for i in inmates]
    )
    assert len(added) == 3
    assert set(training.participants.values_list("inmate_id", flat=True)) == {i.pk for i in inmates}
    assert (
        AuditEntry.objects.filter(
            action=AuditEntry.Action.CREATE,
            content_type=ContentType.objects.get_for_model(TrainingParticipant),
        ).count()
        == 3
    )


def test_duplicates_are_refused_by_name_and_nothing_is_added(facility, officer, inmates):
    training = _training(facility, officer)
    services.participant_add(actor=officer, training=training, inmate_ids=[inmates[0].pk])
    with pytest.raises(Conflict) as error:
        services.participant_add(
            actor=officer, training=training, inmate_ids=[inmates[1].pk, inmates[0].pk]
        )
    assert error.value.code == "duplicate"
    assert "Agus Sapulidi" in error.value.message
    assert training.participants.count() == 1


def test_only_inmates_present_in_the_unit_can_join(facility, other_facility, officer, inmates):
    training = _training(facility, officer)
    with scopes_disabled():
        released = InmateFactory(
            facility=facility, name="Dedi Bebas", departed_on=START, departure="bebas"
        )
        stranger = InmateFactory(facility=other_facility, name="Eko Lain")
    with pytest.raises(DomainError) as error:
        services.participant_add(
            actor=officer, training=training, inmate_ids=[inmates[0].pk, released.pk]
        )
    assert error.value.code == "not_present" and "Dedi Bebas" in error.value.message
    with pytest.raises(DomainError) as error:
        services.participant_add(actor=officer, training=training, inmate_ids=[stranger.pk])
    assert error.value.code == "not_found"
    with pytest.raises(DomainError):
        services.participant_add(actor=officer, training=training, inmate_ids=[])
    assert not TrainingParticipant.objects.exists()


def test_remove_only_while_no_result(facility, officer, inmates):
    training = _training(facility, officer)
    first, second = services.participant_add(
        actor=officer, training=training, inmate_ids=[inmates[0].pk, inmates[1].pk]
    )
    services.participant_remove(actor=officer, participant=first)
    assert list(training.participants.all()) == [second]
    removed = AuditEntry.objects.get(action=AuditEntry.Action.DELETE)
    assert removed.object_id == str(first.pk) and removed.changes["inmate"][0] == inmates[0].pk
    services.participant_record_result(actor=officer, participant=second, result="belum_kompeten")
    with pytest.raises(DomainError) as error:
        services.participant_remove(actor=officer, participant=second)
    assert error.value.code == "has_result"
    assert training.participants.count() == 1


@pytest.fixture
def participant(facility, officer, inmates):
    training = _training(facility, officer)
    return services.participant_add(actor=officer, training=training, inmate_ids=[inmates[0].pk])[0]


def _record(officer, participant, **fields):
    return services.participant_record_result(actor=officer, participant=participant, **fields)


def test_competent_with_a_certificate(officer, participant):
    done = _record(
        officer,
        participant,
        result="kompeten",
        certificate_number=" 0123/LSP-BATIK/2025 ",
        certificate_issuer="LSP",
        certificate_date=dt.date(2025, 3, 14),
    )
    participant.refresh_from_db()
    assert participant.certificate_number == "0123/LSP-BATIK/2025" == done.certificate_number
    entry = _audit(participant, AuditEntry.Action.UPDATE).get()
    assert entry.changes["result"] == ["", "kompeten"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (
            {
                "result": "belum_kompeten",
                "certificate_number": "1",
                "certificate_issuer": "BNSP",
                "certificate_date": dt.date(2025, 3, 14),
            },
            "certificate_number",
        ),
        ({"result": "", "certificate_number": "1"}, "certificate_number"),
        ({"result": "kompeten", "certificate_number": "1"}, "certificate_issuer"),
        (
            {"result": "kompeten", "certificate_number": "1", "certificate_issuer": "BNSP"},
            "certificate_date",
        ),
        (
            {
                "result": "kompeten",
                "certificate_number": "1",
                "certificate_issuer": "BNSP",
                "certificate_date": START - dt.timedelta(days=1),
            },
            "certificate_date",
        ),
        (
            {
                "result": "kompeten",
                "certificate_number": "1",
                "certificate_issuer": "BNSP",
                "certificate_date": timezone.now().date() + dt.timedelta(days=2),
            },
            "certificate_date",
        ),
        ({"result": "lulus"}, "result"),
        (
            {
                "result": "kompeten",
                "certificate_number": "1",
                "certificate_issuer": "KEMNAKER",
                "certificate_date": dt.date(2025, 3, 14),
            },
            "certificate_issuer",
        ),
    ],
)
def test_bad_results_are_refused_and_nothing_changes(officer, participant, fields, field):
    with pytest.raises(DomainError) as error:
        _record(officer, participant, **fields)
    assert error.value.field == field
    participant.refresh_from_db()
    assert (participant.result, participant.certificate_number) == ("", "")
    assert not _audit(participant, AuditEntry.Action.UPDATE).exists()


def test_certificate_number_is_unique_per_issuer_in_the_unit(
    facility, other_facility, officer, inmates, participant
):
    certificate = {
        "result": "kompeten",
        "certificate_issuer": "BNSP",
        "certificate_date": dt.date(2025, 3, 14),
    }
    _record(officer, participant, certificate_number="77/BNSP/2025", **certificate)
    second = services.participant_add(
        actor=officer, training=participant.training, inmate_ids=[inmates[1].pk]
    )[0]
    with pytest.raises(Conflict) as error:
        _record(officer, second, certificate_number="77/bnsp/2025", **certificate)
    assert "Agus Sapulidi" in error.value.message
    # The same number from another issuer is another certificate.
    _record(
        officer,
        second,
        certificate_number="77/BNSP/2025",
        **(certificate | {"certificate_issuer": "BLK"}),
    )
    # Recording the same certificate again on its own holder is no clash.
    _record(officer, participant, certificate_number="77/BNSP/2025", **certificate)


def test_the_same_number_in_another_unit_is_no_clash(
    facility, other_facility, officer, participant
):
    certificate = {
        "result": "kompeten",
        "certificate_number": "77/BNSP/2025",
        "certificate_issuer": "BNSP",
        "certificate_date": dt.date(2025, 3, 14),
    }
    with scope(facility=[other_facility.pk]):
        inmate = InmateFactory(facility=other_facility)
        training = _training(other_facility, officer)
        [theirs] = services.participant_add(
            actor=officer, training=training, inmate_ids=[inmate.pk]
        )
        _record(officer, theirs, **certificate)
    _record(officer, participant, **certificate)


def test_a_result_can_be_corrected_and_cleared(officer, participant):
    _record(
        officer,
        participant,
        result="kompeten",
        certificate_number="9",
        certificate_issuer="BLK",
        certificate_date=dt.date(2025, 3, 20),
    )
    _record(officer, participant, result="belum_kompeten")
    participant.refresh_from_db()
    assert participant.certificate_date is None and participant.certificate_issuer == ""
    _record(officer, participant, result="")
    participant.refresh_from_db()
    assert participant.result == ""
    services.participant_remove(actor=officer, participant=participant)
    assert not TrainingParticipant.objects.exists()
