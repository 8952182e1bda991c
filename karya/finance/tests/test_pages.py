"""The finance pages as the treasurer and Ditjenpas use them (in Indonesian): the proceeds split
of a month, PNBP with its deposit and target forms, the rules that apply to the unit, and the
national pages where rules are set and replaced."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django_scopes import scope, scopes_disabled

from karya.finance.models import PnbpDeposit, PnbpTarget, SplitRule
from karya.finance.services.pnbp import pnbp_deposit_record
from karya.finance.tests.conftest import at
from karya.finance.tests.helpers import make_rule

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indonesian(english):
    """The pages in the users' language (the services' fixture asks for English)."""
    with translation.override("id"):
        yield


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_split_list_shows_a_months_parts_per_workshop(
    login, treasurer, facility, receive, broom, workshop
):
    make_rule((30, 40, 30))
    receive([(broom, 1, 1270000)])
    receive([(broom, 4, 2500)], paid_at=at(dt.date(2026, 2, 3)))
    url = reverse("finance:split-list", args=[facility.code])
    january = text(login(treasurer).get(url, {"bulan": "2026-01"}))
    assert "Bengkel Sapu Rp 1.270.000 Rp 0 Rp 381.000 Rp 508.000 Rp 381.000" in january
    assert "KW/LPPWT/2026/01/0001" in january and "KW/LPPWT/2026/02/0001" not in january
    february = text(login(treasurer).get(url, {"bulan": "2026-02", "bengkel": workshop.pk}))
    assert "Total Rp 10.000 Rp 0 Rp 3.000 Rp 4.000 Rp 3.000" in february


def test_the_split_list_runs_the_same_queries_for_many_rows(
    login, treasurer, facility, receive, broom, lakop, django_assert_max_num_queries
):
    make_rule((30, 40, 30))
    client = login(treasurer)
    url = reverse("finance:split-list", args=[facility.code])
    receive([(broom, 1, 2500), (lakop, 1, 15000)])
    with django_assert_max_num_queries(14) as few:
        client.get(url, {"bulan": "2026-01"})
    for _ in range(6):
        receive([(broom, 1, 2500), (lakop, 1, 15000)])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url, {"bulan": "2026-01"})
    assert response.context["paginator"].count == 14


def test_the_treasurer_records_a_deposit_and_the_reconciliation_changes(
    login, treasurer, facility, receive, broom
):
    make_rule((30, 40, 30))
    receive([(broom, 1, 1270000)])
    client = login(treasurer)
    pnbp = reverse("finance:pnbp", args=[facility.code])
    before = text(client.get(pnbp, {"tahun": 2026}))
    assert "Tahun Rp 508.000 Rp 0 Rp 508.000 Rp 508.000" in before
    response = client.post(
        reverse("finance:deposit-create", args=[facility.code]),
        {
            "billing_code": "8202 6013 1000 123",
            "amount": "Rp 500.000",
            "deposited_on": "2026-02-02",
            "ntpn": "0A1B2C3D4E5F6G7H",
        },
        follow=True,
    )
    after = text(response)
    assert "Setoran tercatat." in after
    assert "Tahun Rp 508.000 Rp 500.000 Rp 8.000 Rp 8.000" in after
    assert "820260131000123 0A1B2C3D4E5F6G7H Rp 500.000" in after


def test_the_treasurer_cancels_a_mistaken_deposit_and_records_it_again(
    login, treasurer, facility, receive, broom
):
    make_rule((30, 40, 30))
    receive([(broom, 1, 1270000)])
    with scope(facility=[facility.pk]):
        wrong = pnbp_deposit_record(
            actor=treasurer,
            facility=facility,
            billing_code="820260131000123",
            amount=580000,
            deposited_on=dt.date(2026, 2, 2),
            ntpn="0A1B2C3D4E5F6G7H",
        )
    client = login(treasurer)
    pnbp = reverse("finance:pnbp", args=[facility.code])
    cancel = reverse("finance:deposit-cancel", args=[facility.code, wrong.pk])
    assert cancel in client.get(pnbp, {"tahun": 2026}).content.decode()
    refused = client.post(cancel, {"reason": ""})
    assert refused.status_code == 200 and "reason" in refused.context["form"].errors
    response = client.post(cancel, {"reason": "Nominal salah ketik"}, follow=True)
    after = text(response)
    assert "Setoran dibatalkan." in after
    assert "Tahun Rp 508.000 Rp 0 Rp 508.000 Rp 508.000" in after
    assert "Dibatalkan" in after and "Pembatalan: Nominal salah ketik" in after
    assert cancel not in response.content.decode()  # no second cancellation offered
    assert client.get(cancel).status_code == 200  # still reachable: the service refuses
    twice = client.post(cancel, {"reason": "lagi"})
    assert "sudah dibatalkan" in text(twice)
    with scopes_disabled():
        reversal = PnbpDeposit.objects.get(reverses=wrong)
    assert (
        client.get(reverse("finance:deposit-cancel", args=[facility.code, reversal.pk])).status_code
        == 404
    )
    again = client.post(
        reverse("finance:deposit-create", args=[facility.code]),
        {
            "billing_code": "820260131000123",
            "amount": "508000",
            "deposited_on": "2026-02-02",
            "ntpn": "0A1B2C3D4E5F6G7H",
        },
        follow=True,
    )
    assert "Tahun Rp 508.000 Rp 508.000 Rp 0 Rp 0" in text(again)
    with scopes_disabled():
        assert PnbpDeposit.objects.count() == 3


def test_a_bad_deposit_is_shown_next_to_its_field_and_nothing_is_written(
    login, treasurer, facility
):
    url = reverse("finance:deposit-create", args=[facility.code])
    response = login(treasurer).post(
        url,
        {
            "billing_code": "12345",
            "amount": "500000",
            "deposited_on": "2026-02-02",
            "ntpn": "0A1B2C3D4E5F6G7H",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "billing_code": ["Kode billing SIMPONI terdiri atas 15 angka, mis. 820260131000123."]
    }
    with scopes_disabled():
        assert not PnbpDeposit.objects.exists()


def test_the_target_is_set_and_its_realisation_shown(login, head, facility):
    client = login(head)
    url = reverse("finance:target-set", args=[facility.code])
    assert client.get(url, {"tahun": 2026}).context["form"].initial["year"] == 2026
    response = client.post(url, {"year": "2026", "amount": "2.000.000"}, follow=True)
    assert "Target tersimpan." in text(response)
    assert "Target Rp 2.000.000" in text(response)
    with scopes_disabled():
        assert PnbpTarget.objects.get(facility=facility).amount == 2000000


def test_the_unit_sees_which_rule_applies_to_each_workshop(
    login, treasurer, facility, workshop, other_workshop
):
    url = reverse("finance:rules", args=[facility.code])
    assert "Tidak ada aturan: pembayaran tidak dapat dicatat" in text(login(treasurer).get(url))
    make_rule((30, 40, 30), name="Pembagian hasil nasional")
    make_rule((50, 15, 35), workshop=other_workshop, name="Aturan anyaman")
    page = text(login(treasurer).get(url))
    assert "Bengkel Anyaman Aturan anyaman (v1)" in page
    assert "Bengkel Sapu Pembagian hasil nasional (v1)" in page
    assert "Tidak ada aturan" not in page


def test_ditjenpas_sets_a_rule_for_a_workshop_and_replaces_it(login, make_user, facility, workshop):
    client = login(make_user("national", username="ditjenpas"))
    create = reverse("split_rules:create")
    form = client.get(create, {"upt": facility.code}).context["form"]
    assert list(form.fields["workshop"].queryset) == [workshop]
    fields = {
        "scope": "workshop",
        "workshop": workshop.pk,
        "name": "Aturan bengkel sapu",
        "base": "profit",
        "premi": "50",
        "pnbp": "15",
        "capital": "30",
        "legal_basis": "Keputusan Kepala Kanwil",
        "valid_from": "2026-01-01",
    }
    refused = client.post(f"{create}?upt={facility.code}", fields)
    assert "Jumlah bagian 95.00 %" in text(refused)
    assert not SplitRule.objects.exists()
    saved = client.post(f"{create}?upt={facility.code}", {**fields, "capital": "35"}, follow=True)
    assert "Aturan pembagian hasil tersimpan." in text(saved)
    rule = SplitRule.objects.get()
    assert (rule.scope, rule.workshop, rule.facility, rule.base) == (
        "workshop",
        workshop,
        facility,
        "profit",
    )
    replace = reverse("split_rules:supersede", args=[rule.pk])
    assert client.get(replace).context["form"].initial["premi"] == rule.premi_percent
    replaced = client.post(
        replace,
        {**fields, "premi": "40", "pnbp": "25", "capital": "35", "valid_from": "2026-03-01"},
        follow=True,
    )
    page = text(replaced)
    assert "Versi baru tersimpan" in page
    assert "Aturan bengkel sapu v1" in page and "Aturan bengkel sapu v2" in page
    assert "1 Januari 2026 – 28 Februari 2026 diganti" in page
    listing = text(client.get(reverse("split_rules:list"), {"upt": facility.code}))
    assert "Bengkel Sapu" in listing and "40,00 %" in listing
