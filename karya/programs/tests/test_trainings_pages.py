"""The training pages: who may see and change what, and what an officer records there."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.audit.models import AuditEntry
from karya.programs.models import Training, TrainingParticipant, Workshop
from karya.tests.factories import InmateFactory, make_participant, make_training

pytestmark = pytest.mark.django_db

START = dt.date(2025, 3, 3)


@pytest.fixture
def training(facility):
    return make_training(facility)


@pytest.fixture
def participant(training, inmates):
    return make_participant(training, inmates[0])


@pytest.fixture
def theirs(other_facility):
    """Another unit's training with one participant."""
    training = make_training(other_facility, title="Pelatihan Las")
    with scopes_disabled():
        inmate = InmateFactory(facility=other_facility)
    return training, make_participant(training, inmate)


def url(name, facility, *args):
    return reverse(f"programs:training-{name}", args=[facility.code, *args])


# (url name, needs the training, needs the participant, method, writes)
PAGES = [
    ("list", False, False, "get", False),
    ("detail", True, False, "get", False),
    ("history", True, False, "get", False),
    ("create", False, False, "get", True),
    ("update", True, False, "get", True),
    ("participant-add", True, False, "post", True),
    ("participant-result", True, True, "get", True),
    ("participant-remove", True, True, "get", True),
]
READ_PAGES = [p for p in PAGES if not p[4] and p[0] != "history"]
WRITE_PAGES = [p for p in PAGES if p[4]]
OBJECT_PAGES = [p for p in PAGES if p[1]]


def _page_url(page, facility, training, participant):
    name, needs_training, needs_participant, *_ = page
    args = []
    if needs_training:
        args.append(training.pk)
    if needs_participant:
        args.append(participant.pk)
    return url(name, facility, *args)


def _request(client, page, target):
    return getattr(client, page[3])(target)


@pytest.mark.parametrize("page", PAGES, ids=[p[0] for p in PAGES])
def test_anonymous_is_sent_to_login(client, facility, training, participant, page):
    response = _request(client, page, _page_url(page, facility, training, participant))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


@pytest.mark.parametrize("page", PAGES, ids=[p[0] for p in PAGES])
def test_another_units_user_gets_404(
    login, make_user, facility, other_facility, training, participant, page
):
    stranger = login(make_user("head", facility=other_facility))
    target = _page_url(page, facility, training, participant)
    assert _request(stranger, page, target).status_code == 404


@pytest.mark.parametrize("page", OBJECT_PAGES, ids=[p[0] for p in OBJECT_PAGES])
def test_another_units_training_through_own_unit_url_is_404(
    login, head, facility, training, participant, theirs, page
):
    client = login(head)
    their_training, their_participant = theirs
    target = _page_url(page, facility, their_training, their_participant)
    assert _request(client, page, target).status_code == 404
    if page[2]:  # another training's participant through our own training
        target = _page_url(page, facility, training, their_participant)
        assert _request(client, page, target).status_code == 404


@pytest.mark.parametrize("role", ["pr", "security"])
@pytest.mark.parametrize("page", PAGES, ids=[p[0] for p in PAGES])
def test_role_without_permission_gets_403(
    login, make_user, facility, training, participant, role, page
):
    client = login(make_user(role, facility=facility))
    target = _page_url(page, facility, training, participant)
    assert _request(client, page, target).status_code == 403


@pytest.mark.parametrize("page", WRITE_PAGES, ids=[p[0] for p in WRITE_PAGES])
def test_readers_cannot_write(login, make_user, facility, training, participant, page):
    client = login(make_user("output_officer", facility=facility))
    target = _page_url(page, facility, training, participant)
    assert _request(client, page, target).status_code == 403
    assert client.post(target).status_code == 403


@pytest.mark.parametrize("page", READ_PAGES, ids=[p[0] for p in READ_PAGES])
def test_readers_see_without_write_controls(
    login, make_user, facility, training, participant, page
):
    client = login(make_user("treasurer", facility=facility))
    response = client.get(_page_url(page, facility, training, participant))
    assert response.status_code == 200
    assert "Pelatihan Batik Tulis" in response.text
    assert url("create", facility) not in response.text
    assert url("update", facility, training.pk) not in response.text
    assert 'id="add-participants"' not in response.text


# The list


def test_list_shows_counts_search_and_year(login, officer, facility, inmates):
    batik = make_training(facility)
    make_training(
        facility,
        title="Pelatihan Barista",
        provider_name="CV Kopi Banyumas",
        start_date=dt.date(2024, 12, 30),
        end_date=dt.date(2025, 1, 3),
    )
    make_training(
        facility,
        title="Pelatihan Las Listrik",
        start_date=dt.date(2023, 5, 1),
        end_date=dt.date(2023, 5, 5),
    )
    make_participant(
        batik,
        inmates[0],
        result="kompeten",
        certificate_number="1",
        certificate_issuer="BNSP",
        certificate_date=dt.date(2025, 3, 14),
    )
    make_participant(batik, inmates[1], result="kompeten")
    make_participant(batik, inmates[2], result="belum_kompeten")
    client = login(officer)

    response = client.get(url("list", facility))
    assert response.status_code == 200
    row = response.text.split("Pelatihan Batik Tulis")[1].split("</tr>")[0]
    assert '"participant-count">3<' in row and '"certificate-count">1<' in row
    assert "3 pelatihan" in response.text  # Indonesian, with the count

    response = client.get(url("list", facility), {"q": "kopi"})
    assert "Pelatihan Barista" in response.text and "Pelatihan Batik Tulis" not in response.text
    response = client.get(url("list", facility), {"q": "las list"})
    assert "Pelatihan Las Listrik" in response.text and "Barista" not in response.text

    # A training runs in every year it touches.
    response = client.get(url("list", facility), {"year": "2025"})
    assert "Pelatihan Batik Tulis" in response.text and "Pelatihan Barista" in response.text
    assert "Pelatihan Las Listrik" not in response.text
    response = client.get(url("list", facility), {"year": "2023"})
    assert "Pelatihan Las Listrik" in response.text and "Pelatihan Batik" not in response.text


def test_list_query_count_does_not_grow_with_rows(
    login, officer, facility, django_assert_max_num_queries
):
    numbers = itertools.count()

    def trainings_with_participants(count):
        for n in itertools.islice(numbers, count):
            with scopes_disabled():
                workshop = Workshop.objects.create(
                    facility=facility, name=f"Bengkel {n}", capacity=5
                )
                inmates = InmateFactory.create_batch(2, facility=facility)
            training = make_training(facility, title=f"Pelatihan {n}", workshop=workshop)
            make_participant(training, inmates[0], result="kompeten")
            make_participant(training, inmates[1])

    client = login(officer)
    trainings_with_participants(2)
    with django_assert_max_num_queries(15) as few:
        assert client.get(url("list", facility)).status_code == 200
    trainings_with_participants(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url("list", facility))
    assert response.text.count('"participant-count">2<') == 22
    assert "Bengkel 21" in response.text


def test_list_of_another_unit_shows_nothing_of_ours(login, make_user, other_facility, training):
    client = login(make_user("officer", facility=other_facility))
    response = client.get(url("list", other_facility))
    assert response.status_code == 200 and "Pelatihan Batik Tulis" not in response.text


# Adding and editing


def _form(**fields):
    return {
        "title": "Pelatihan Menjahit",
        "provider_name": "BLK Cilacap",
        "hours_jp": "60",
        "start_date": "2025-06-02",
        "end_date": "2025-06-13",
        "competency_units": "C.14KON01.001.1 Menjahit dengan mesin",
        "location": "Aula Lapas",
        "workshop": "",
        "description": "",
    } | fields


def test_officer_adds_a_training(login, officer, facility):
    response = login(officer).post(url("create", facility), _form())
    with scopes_disabled():
        training = Training.objects.get()
    assert response.status_code == 302 and response.url == url("detail", facility, training.pk)
    assert training.facility == facility and training.hours_jp == 60
    assert AuditEntry.objects.filter(action="create", object_id=str(training.pk)).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"end_date": "2025-06-01"}, "Tanggal selesai tidak boleh sebelum tanggal mulai."),
        ({"hours_jp": "0"}, "Jam pelajaran (JP) harus bilangan bulat dari 1 sampai 9999."),
        ({"title": ""}, "Bidang ini tidak boleh kosong."),
    ],
)
def test_bad_training_input_is_explained_and_nothing_written(
    login, officer, facility, fields, message
):
    response = login(officer).post(url("create", facility), _form(**fields))
    assert response.status_code == 200
    assert message in response.text
    with scopes_disabled():
        assert not Training.objects.exists()
    assert not AuditEntry.objects.exists()


def test_officer_edits_a_training(login, officer, facility, training):
    client = login(officer)
    page = client.get(url("update", facility, training.pk))
    assert 'value="BLK Surakarta"' in page.text
    with scopes_disabled():
        workshop = Workshop.objects.create(facility=facility, name="Batik", capacity=10)
    response = client.post(
        url("update", facility, training.pk),
        _form(title="Pelatihan Batik Tulis", hours_jp="48", workshop=str(workshop.pk)),
    )
    assert response.status_code == 302
    training.refresh_from_db()
    assert training.hours_jp == 48 and training.workshop == workshop


def test_another_units_workshop_cannot_be_chosen(
    login, officer, facility, other_facility, training
):
    with scopes_disabled():
        workshop = Workshop.objects.create(facility=other_facility, name="Las", capacity=10)
    response = login(officer).post(
        url("update", facility, training.pk), _form(workshop=str(workshop.pk))
    )
    assert response.status_code == 200 and "has-error" in response.text
    training.refresh_from_db()
    assert training.workshop is None and training.title == "Pelatihan Batik Tulis"


# Participants


def test_detail_lists_participants_and_candidates(login, officer, facility, training, inmates):
    make_participant(training, inmates[0])
    with scopes_disabled():
        InmateFactory(facility=facility, name="Dedi Bebas", departed_on=START, departure="bebas")
    response = login(officer).get(url("detail", facility, training.pk))
    table, form = response.text.split('id="add-participants"')
    assert "Agus Sapulidi" in table
    # Candidates: present in the unit and not yet participants.
    assert "Budi Anyamsari" in form and "Citra Batikwangi" in form
    assert "Agus Sapulidi" not in form and "Dedi Bebas" not in form


def test_candidates_can_be_searched(login, officer, facility, training, inmates):
    response = login(officer).get(url("detail", facility, training.pk), {"q": "batik"})
    form = response.text.split('id="add-participants"')[1]
    assert "Citra Batikwangi" in form and "Budi Anyamsari" not in form


def test_officer_adds_several_participants(login, officer, facility, training, inmates):
    client = login(officer)
    response = client.post(
        url("participant-add", facility, training.pk),
        {"inmates": [inmates[0].pk, inmates[2].pk]},
        follow=True,
    )
    assert "2 peserta ditambahkan." in response.text
    with scopes_disabled():
        assert set(training.participants.values_list("inmate_id", flat=True)) == {
            inmates[0].pk,
            inmates[2].pk,
        }


@pytest.mark.parametrize(
    ("choose", "message"),
    [
        (lambda inmates, departed: [], "Pilih paling sedikit satu WBP."),
        (
            lambda inmates, departed: [inmates[1].pk, inmates[0].pk],
            "Sudah menjadi peserta pelatihan ini: Agus Sapulidi (BI.1/2025).",
        ),
        (
            lambda inmates, departed: [departed.pk],
            "Sudah tidak berada di UPT sehingga tidak dapat ikut: Dedi Bebas",
        ),
        (lambda inmates, departed: ["x"], "Ada WBP dalam daftar yang tidak terdaftar di UPT ini."),
    ],
)
def test_bad_participants_are_explained_and_nobody_added(
    login, officer, facility, training, participant, inmates, choose, message
):
    with scopes_disabled():
        departed = InmateFactory(
            facility=facility, name="Dedi Bebas", departed_on=START, departure="bebas"
        )
    response = login(officer).post(
        url("participant-add", facility, training.pk), {"inmates": choose(inmates, departed)}
    )
    assert response.status_code == 200
    assert message in response.text
    with scopes_disabled():
        assert list(training.participants.all()) == [participant]


def test_another_units_inmate_cannot_be_added(login, officer, facility, other_facility, training):
    with scopes_disabled():
        stranger = InmateFactory(facility=other_facility)
    response = login(officer).post(
        url("participant-add", facility, training.pk), {"inmates": [stranger.pk]}
    )
    assert "Ada WBP dalam daftar yang tidak terdaftar di UPT ini." in response.text
    with scopes_disabled():
        assert not TrainingParticipant.objects.filter(training=training).exists()


def test_officer_records_a_result_and_certificate(login, officer, facility, training, participant):
    client = login(officer)
    page = client.get(url("participant-result", facility, training.pk, participant.pk))
    assert page.status_code == 200 and "Agus Sapulidi" in page.text
    response = client.post(
        url("participant-result", facility, training.pk, participant.pk),
        {
            "result": "kompeten",
            "certificate_number": "0042/LSP-BTK/III/2025",
            "certificate_issuer": "LSP",
            "certificate_date": "2025-03-14",
        },
        follow=True,
    )
    assert "Hasil telah disimpan." in response.text
    assert "0042/LSP-BTK/III/2025" in response.text and "14 Maret 2025" in response.text
    participant.refresh_from_db()
    assert participant.result == "kompeten" and participant.certificate_issuer == "LSP"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"result": "belum_kompeten", "certificate_number": "7"},
            "Sertifikat hanya dapat dicatat untuk peserta yang dinyatakan kompeten.",
        ),
        (
            {
                "result": "kompeten",
                "certificate_number": "7",
                "certificate_issuer": "BNSP",
                "certificate_date": "2025-03-01",
            },
            "Tanggal sertifikat tidak boleh sebelum pelatihan dimulai (3 Maret 2025).",
        ),
        (
            {"result": "kompeten", "certificate_number": "7", "certificate_issuer": "BNSP"},
            "Isi nomor, penerbit, dan tanggal sertifikat sekaligus.",
        ),
    ],
)
def test_bad_results_are_explained_and_nothing_written(
    login, officer, facility, training, participant, fields, message
):
    response = login(officer).post(
        url("participant-result", facility, training.pk, participant.pk), fields
    )
    assert response.status_code == 200 and message in response.text
    participant.refresh_from_db()
    assert participant.result == "" and participant.certificate_number == ""
    assert not AuditEntry.objects.exists()


def test_duplicate_certificate_number_is_explained(
    login, officer, facility, training, participant, inmates
):
    make_participant(
        training,
        inmates[1],
        result="kompeten",
        certificate_number="7/BNSP",
        certificate_issuer="BNSP",
        certificate_date=dt.date(2025, 3, 14),
    )
    response = login(officer).post(
        url("participant-result", facility, training.pk, participant.pk),
        {
            "result": "kompeten",
            "certificate_number": "7/BNSP",
            "certificate_issuer": "BNSP",
            "certificate_date": "2025-03-14",
        },
    )
    assert "Sertifikat nomor 7/BNSP dari BNSP sudah tercatat atas nama Budi Anyamsari" in (
        response.text
    )
    participant.refresh_from_db()
    assert participant.certificate_number == ""


def test_officer_removes_a_participant_without_result(
    login, officer, facility, training, participant
):
    client = login(officer)
    target = url("participant-remove", facility, training.pk, participant.pk)
    assert "Agus Sapulidi" in client.get(target).text
    response = client.post(target, follow=True)
    assert "Agus Sapulidi telah dikeluarkan dari pelatihan." in response.text
    with scopes_disabled():
        assert not TrainingParticipant.objects.exists()


def test_a_participant_with_a_result_cannot_be_removed(login, officer, facility, training, inmates):
    assessed = make_participant(training, inmates[0], result="belum_kompeten")
    response = login(officer).post(url("participant-remove", facility, training.pk, assessed.pk))
    assert response.status_code == 400
    assert "Hasil Agus Sapulidi sudah dicatat" in response.text
    with scopes_disabled():
        assert TrainingParticipant.objects.filter(pk=assessed.pk).exists()
    assert not AuditEntry.objects.exists()


def test_head_sees_the_history_of_a_training(login, head, facility, training):
    client = login(head)
    client.post(url("update", facility, training.pk), _form(title="Pelatihan Batik Cap"))
    response = client.get(url("history", facility, training.pk))
    assert response.status_code == 200 and "Pelatihan Batik Cap" in response.text
