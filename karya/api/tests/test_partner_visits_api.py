"""Partner visits through the API: times with their zone, answered in the unit's zone; the
agreement must be the partner's; follow-ups owned by someone of the unit."""

import datetime as dt

import pytest
from django_scopes import scope, scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.dates import today_in
from karya.partners.models import FollowUp, PartnerVisit
from karya.partners.tests.helpers import make_agreement, make_partner

pytestmark = pytest.mark.django_db

VISIT = {
    "kind": "monitoring",
    "starts_at": "2025-10-07T02:00:00Z",  # 09.00 WIB
    "ends_at": "2025-10-07T11:30:00+07:00",
    "place": "Bengkel batik",
    "findings": "Kualitas cap rapi",
}


def rows():
    with scopes_disabled():
        return (
            PartnerVisit.objects.count(),
            FollowUp.objects.count(),
            AuditEntry.objects.filter(content_type__app_label="partners").count(),
        )


@pytest.fixture
def partner(facility, officer):
    with scope(facility=[facility.pk]):
        return make_partner(facility, officer)


@pytest.fixture
def visit(api_as, officer, facility, partner):
    response = api_as(officer).post(
        f"/facilities/{facility.code}/partners/{partner.pk}/visits", VISIT
    )
    assert response.status_code == 201, response.json()
    return response.json()


def visit_url(facility, visit_id, tail=""):
    return f"/facilities/{facility.code}/visits/{visit_id}{tail}"


def test_record_a_visit_in_the_units_zone(visit, partner):
    assert visit["starts_at"] == "2025-10-07T09:00:00+07:00"
    assert visit["ends_at"] == "2025-10-07T11:30:00+07:00"
    assert (visit["partner_id"], visit["partner_name"]) == (partner.pk, "CV Rajasa Mas Jaya")
    assert visit["kind"] == "monitoring" and visit["follow_ups"] == []
    with scopes_disabled():
        stored = PartnerVisit.objects.get(pk=visit["id"])
    assert stored.starts_at == dt.datetime(2025, 10, 7, 2, 0, tzinfo=dt.UTC)


def test_a_unit_in_wita_answers_in_wita(api_as, make_user, other_facility):
    other_facility.timezone = "Asia/Makassar"
    other_facility.save()
    clerk = make_user("officer", facility=other_facility)
    with scope(facility=[other_facility.pk]):
        partner = make_partner(other_facility, clerk)
    response = api_as(clerk).post(
        f"/facilities/{other_facility.code}/partners/{partner.pk}/visits", VISIT
    )
    assert response.json()["starts_at"] == "2025-10-07T10:00:00+08:00"


@pytest.mark.parametrize(
    "change, status, field",
    [
        ({"starts_at": "2025-10-07T09:00:00"}, 422, None),
        ({"ends_at": "2025-10-07T08:59:00+07:00"}, 400, "ends_at"),
        ({"kind": "arisan"}, 422, None),
        ({"agreement_id": 999999}, 400, "agreement_id"),
    ],
    ids=["naive time", "ends before it starts", "unknown kind", "unknown agreement"],
)
def test_bad_visits_are_refused(api_as, officer, facility, partner, change, status, field):
    before = rows()
    response = api_as(officer).post(
        f"/facilities/{facility.code}/partners/{partner.pk}/visits", VISIT | change
    )
    assert response.status_code == status
    assert response.json()["field"] == field
    assert rows() == before


def test_the_agreement_must_be_the_partners(api_as, officer, head, facility, partner, visit):
    with scope(facility=[facility.pk]):
        own = make_agreement(partner, officer, head, "MOU")
        other = make_partner(facility, officer, legal_name="Toko Acun", legal_form="toko")
        theirs = make_agreement(other, officer, head)
    client = api_as(officer)
    before = rows()
    response = client.patch(visit_url(facility, visit["id"]), {"agreement_id": theirs.pk})
    assert response.status_code == 400 and response.json()["field"] == "agreement_id"
    assert response.json()["message"] == "Kerja sama tersebut dengan mitra lain."
    assert rows() == before
    response = client.patch(visit_url(facility, visit["id"]), {"agreement_id": own.pk})
    assert response.status_code == 200 and response.json()["agreement_id"] == own.pk
    listed = client.get(f"/facilities/{facility.code}/visits", {"agreement_id": own.pk}).json()
    assert [v["id"] for v in listed["items"]] == [visit["id"]]
    response = client.patch(visit_url(facility, visit["id"]), {"agreement_id": None})
    assert response.json()["agreement_id"] is None


def test_change_a_visit(api_as, officer, facility, visit):
    client = api_as(officer)
    response = client.patch(
        visit_url(facility, visit["id"]),
        {"findings": "Malam sudah dikirim", "ends_at": None},
    )
    body = response.json()
    assert (body["findings"], body["ends_at"]) == ("Malam sudah dikirim", None)
    response = client.patch(
        visit_url(facility, visit["id"]), {"starts_at": "2025-10-08T08:00:00+07:00"}
    )
    assert response.json()["starts_at"] == "2025-10-08T08:00:00+07:00"
    assert client.patch(visit_url(facility, visit["id"]), {"kind": None}).status_code == 422
    assert client.get(visit_url(facility, visit["id"])).json()["kind"] == "monitoring"


def test_list_with_keyset_and_filters(api_as, officer, facility, partner, visit):
    client = api_as(officer)
    with scope(facility=[facility.pk]):
        other = make_partner(facility, officer, legal_name="Toko Acun", legal_form="toko")
    made = [visit["id"]]
    for target in (partner, other, other):
        made.append(
            client.post(f"/facilities/{facility.code}/partners/{target.pk}/visits", VISIT).json()[
                "id"
            ]
        )
    seen, after = [], None
    while True:
        params = {"limit": 3} | ({"after": after} if after else {})
        body = client.get(f"/facilities/{facility.code}/visits", params).json()
        seen += [v["id"] for v in body["items"]]
        after = body["next_cursor"]
        if after is None:
            break
    assert seen == list(reversed(made))
    mine = client.get(f"/facilities/{facility.code}/visits", {"partner_id": partner.pk}).json()
    assert [v["id"] for v in mine["items"]] == [made[1], made[0]]


def test_list_query_count_does_not_grow(api_as, officer, facility, partner, visit, count_queries):
    client = api_as(officer)
    client.post(visit_url(facility, visit["id"], "/follow-ups"), {"action": "Kirim motif"})
    with count_queries() as few:
        client.get(f"/facilities/{facility.code}/visits")
    assert 0 < len(few) <= 12, few
    for _ in range(4):
        made = client.post(f"/facilities/{facility.code}/partners/{partner.pk}/visits", VISIT)
        client.post(visit_url(facility, made.json()["id"], "/follow-ups"), {"action": "Rapat"})
    with count_queries() as more:
        assert len(client.get(f"/facilities/{facility.code}/visits").json()["items"]) == 5
    assert len(more) == len(few)


# --- follow-ups ----------------------------------------------------------------------------


def test_follow_up_owned_and_done(api_as, officer, head, facility, visit):
    client = api_as(head)
    response = client.post(
        visit_url(facility, visit["id"], "/follow-ups"),
        {"action": "Kirim contoh motif", "owner_id": officer.pk, "due_date": "2025-10-14"},
    )
    assert response.status_code == 201
    follow_up = response.json()
    assert (follow_up["owner_id"], follow_up["done_on"]) == (officer.pk, None)
    assert follow_up["owner_name"] == officer.full_name
    done = visit_url(facility, visit["id"], f"/follow-ups/{follow_up['id']}/done")
    today = today_in(facility.timezone)
    response = client.post(done, {"done_on": str(today + dt.timedelta(days=1))})
    assert response.status_code == 400 and response.json()["field"] == "done_on"
    response = client.post(done, {})
    assert response.status_code == 200 and response.json()["done_on"] == str(today)
    response = client.post(done, {})
    assert response.status_code == 400 and response.json()["code"] == "done"
    shown = client.get(visit_url(facility, visit["id"])).json()["follow_ups"]
    assert [(f["id"], f["done_on"]) for f in shown] == [(follow_up["id"], str(today))]


@pytest.mark.parametrize("who", ["other unit", "nobody"])
def test_the_owner_must_work_in_the_unit(
    api_as, officer, make_user, facility, other_facility, visit, who
):
    owner_id = make_user("officer", facility=other_facility).pk if who == "other unit" else 999999
    before = rows()
    response = api_as(officer).post(
        visit_url(facility, visit["id"], "/follow-ups"), {"action": "Kirim", "owner_id": owner_id}
    )
    assert response.status_code == 400 and response.json()["field"] == "owner_id"
    assert response.json()["message"] == "Penanggung jawab harus bertugas di UPT ini."
    assert rows() == before


def test_a_follow_up_of_another_visit_is_404(api_as, officer, facility, partner, visit):
    client = api_as(officer)
    follow_up = client.post(
        visit_url(facility, visit["id"], "/follow-ups"), {"action": "Kirim"}
    ).json()
    other = client.post(f"/facilities/{facility.code}/partners/{partner.pk}/visits", VISIT).json()
    response = client.post(
        visit_url(facility, other["id"], f"/follow-ups/{follow_up['id']}/done"), {}
    )
    assert response.status_code == 404
