"""The stock pages at work: locations, what a location holds (with value), the move history,
receiving, transferring and writing goods off, the stock count from start to approval, and the
head's reports. Bad input shows an Indonesian message and writes nothing."""

import datetime as dt

import pytest
from django.urls import reverse
from django_scopes import scope, scopes_disabled

from karya.audit.models import AuditEntry
from karya.core.dates import today_in
from karya.inventory.models import StockBalance, StockCount, StockLocation, StockMove
from karya.inventory.services import stock_receive, stock_take
from karya.inventory.tests.conftest import (
    ledger_problems,
    make_location,
    make_lot,
    make_product,
    quantity_at,
)

pytestmark = pytest.mark.django_db


def url(name, facility, *args):
    return reverse(f"inventory:{name}", args=[facility.code, *args])


def _receive(facility, actor, location, product, quantity, **fields):
    with scope(facility=[facility.pk]):
        fields.setdefault("kind", "opening")
        return stock_receive(
            actor=actor, location=location, product=product, quantity=quantity, **fields
        )


def _balance(location, product, lot=None):
    with scopes_disabled():
        return StockBalance.objects.get(location=location, product=product, lot=lot)


def _moves():
    with scopes_disabled():
        return StockMove.objects.count()


# --- locations ------------------------------------------------------------------------------


def test_add_and_edit_a_location(login, output_officer, facility):
    client = login(output_officer)
    response = client.post(
        url("location-create", facility),
        {"name": "Titipan Toko Acun", "kind": "partner", "partner_name": "Toko Acun Akuarium",
         "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    with scopes_disabled():
        location = StockLocation.objects.get(name="Titipan Toko Acun")
    assert location.facility == facility and location.partner_name == "Toko Acun Akuarium"
    assert AuditEntry.objects.for_object(location).get().actor == output_officer
    response = client.post(
        url("location-update", facility, location.pk),
        {"name": "Galeri Lapas", "kind": "gallery", "partner_name": "ignored", "is_active": "on"},
    )
    assert response.status_code == 302
    location.refresh_from_db()
    assert (location.name, location.kind, location.partner_name) == ("Galeri Lapas", "gallery", "")
    page = client.get(url("location-list", facility)).text
    assert "Galeri Lapas" in page and "Galeri" in page


def test_location_bad_input_is_refused_in_indonesian(login, output_officer, facility, store):
    client = login(output_officer)
    for data, message in [
        ({"name": "GUDANG PRODUKSI", "kind": "store"}, "sudah mempunyai lokasi bernama"),
        ({"name": "Titipan", "kind": "partner"}, "Tuliskan nama mitra"),
        ({"name": "", "kind": "store"}, "Bidang ini tidak boleh kosong"),
    ]:
        response = client.post(url("location-create", facility), data)
        assert response.status_code == 200 and message in response.text, data
    with scopes_disabled():
        assert StockLocation.objects.count() == 1


def test_a_location_holding_goods_cannot_be_closed(login, output_officer, facility, store, broom):
    _receive(facility, output_officer, store, broom, 3)
    response = login(output_officer).post(
        url("location-update", facility, store.pk), {"name": store.name, "kind": "store"}
    )
    assert response.status_code == 200 and "masih menyimpan barang" in response.text
    store.refresh_from_db()
    assert store.is_active


# --- stock of a location --------------------------------------------------------------------


def test_location_stock_shows_quantities_and_value(login, officer, output_officer, facility, store,
                                                    broom, mat, lot):  # fmt: skip
    _receive(facility, output_officer, store, broom, 120, lot=lot, kind="produced", unit_cost=7500)
    _receive(facility, output_officer, store, mat, 4, unit_cost=125000)
    text = login(officer).get(url("location-stock", facility, store.pk)).text
    assert "Sapu lidi" in text and "L-2026-001" in text and "120 batang" in text
    assert "Rp 7.500" in text and "Rp 900.000" in text  # 120 × 7.500
    assert "Rp 500.000" in text and "Rp 1.400.000" in text  # total
    assert url("transfer", facility) not in text  # an officer only reads


def test_location_stock_query_count_does_not_grow_with_rows(
    login, output_officer, facility, store, django_assert_max_num_queries
):
    client = login(output_officer)
    path = url("location-stock", facility, store.pk)

    def add(start, n):
        for i in range(start, start + n):
            product = make_product(facility, name=f"Produk {i:02d}")
            lot = make_lot(product, code=f"LOT-{i:02d}")
            _receive(facility, output_officer, store, product, 5, lot=lot, unit_cost=1000 + i)

    add(0, 2)
    with django_assert_max_num_queries(15) as few:
        client.get(path)
    add(2, 25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(path)
    assert "Produk 26" in response.text


def test_list_query_counts_do_not_grow(
    login, output_officer, facility, store, gallery, broom, django_assert_max_num_queries
):
    client = login(output_officer)
    _receive(facility, output_officer, store, broom, 100)
    paths = (
        url("location-list", facility),
        url("move-list", facility),
        url("count-list", facility),
    )
    for path in paths:
        with django_assert_max_num_queries(20) as few:
            client.get(path)
        for i in range(12):
            rack = make_location(facility, name=f"Rak {path[-6:]}{i}")
            with scope(facility=[facility.pk]):
                from karya.inventory.services.counts import stock_count_create

                stock_count_create(actor=output_officer, location=rack,
                                   counted_on=today_in(facility.timezone))  # fmt: skip
            product = make_product(facility, name=f"Barang {path[-6:]}{i}")
            _receive(facility, output_officer, gallery, product, 2)
            with scope(facility=[facility.pk]):
                from karya.inventory.services import stock_transfer

                stock_transfer(actor=output_officer, source=store, destination=gallery,
                               product=broom, quantity=1)  # fmt: skip
        with django_assert_max_num_queries(len(few.captured_queries)):
            client.get(path)


# --- the move history -----------------------------------------------------------------------


def test_move_history_pages_and_filters(login, officer, output_officer, facility, store, gallery,
                                        broom, mat):  # fmt: skip
    for i in range(55):
        _receive(facility, output_officer, store, broom, i + 1, reference=f"REF-{i + 1:03d}")
    _receive(facility, output_officer, gallery, mat, 3)
    client = login(officer)
    first = client.get(url("move-list", facility))
    assert first.status_code == 200
    text = first.text
    assert "REF-055" in text and "REF-007" in text and "REF-006" not in text  # 50 a page
    assert "Tikar anyaman pandan" in text and "+3" in text
    assert "Stok awal" in text  # the kind, in Indonesian
    older = first.context["next_before"]
    second = client.get(url("move-list", facility), {"sebelum": older})
    assert "REF-006" in second.text and "REF-001" in second.text and "REF-007" not in second.text
    assert second.context["next_before"] is None
    only = client.get(url("move-list", facility), {"lokasi": gallery.pk}).text
    assert "Tikar anyaman pandan" in only and "REF-055" not in only
    bad = client.get(url("move-list", facility), {"lokasi": "x"})
    assert bad.status_code == 200 and "tidak valid" in bad.text


# --- receiving, transferring, writing off ---------------------------------------------------


def test_receive_opening_stock(login, output_officer, facility, store, broom):
    response = login(output_officer).post(
        url("receive", facility),
        {"location": store.pk, "product": broom.pk, "kind": "opening", "quantity": "250",
         "unit_cost": "7500", "reference": "Stok awal 2026"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response.url == url("location-stock", facility, store.pk)
    assert quantity_at(store, broom) == 250


def test_receive_bad_input_is_refused_in_indonesian(login, output_officer, facility,
                                                    far_facility, store, broom):  # fmt: skip
    client = login(output_officer)
    theirs = make_product(far_facility, name="Sapu ijuk")
    their_lot = make_lot(theirs, code="PMK-01")
    base = {"location": store.pk, "product": broom.pk, "kind": "opening", "quantity": "5"}
    for change, message in [
        ({"quantity": "0"}, "Pastikan nilai ini lebih besar dari atau sama dengan 1"),
        ({"product": theirs.pk}, "Pilih produk milik UPT ini"),
        ({"lot": their_lot.pk}, "Pilih lot UPT ini"),
        ({"kind": "sold"}, "Masukkan pilihan yang valid"),
        ({"unit_cost": "-5"}, "Pastikan nilai ini lebih besar dari atau sama dengan 0"),
    ]:
        response = client.post(url("receive", facility), base | change)
        assert response.status_code == 200 and message in response.text, change
    lot_of_mat = make_lot(make_product(facility, name="Tikar"), code="T-1")
    response = client.post(url("receive", facility), base | {"lot": lot_of_mat.pk})
    assert response.status_code == 200 and "Lot T-1 bukan lot Sapu lidi" in response.text
    assert _moves() == 0


def test_transfer_from_the_store_to_the_gallery(login, output_officer, facility, store, gallery,
                                                broom, lot):  # fmt: skip
    _receive(facility, output_officer, store, broom, 40, lot=lot, kind="produced")
    client = login(output_officer)
    balance = _balance(store, broom, lot)
    form = client.get(url("transfer", facility), {"barang": balance.pk}).text
    assert (
        f'value="{balance.pk}" selected' in form
        and "Gudang Produksi — Sapu lidi (L-2026-001): 40 batang" in form
    )
    response = client.post(
        url("transfer", facility),
        {"item": balance.pk, "destination": gallery.pk, "quantity": "15", "reference": "BA-7"},
    )
    assert response.status_code == 302
    assert quantity_at(store, broom, lot) == 25 and quantity_at(gallery, broom, lot) == 15
    assert ledger_problems(facility) == []


def test_transfer_of_more_than_there_is_says_how_many_there_are(
    login, output_officer, facility, store, gallery, broom
):
    _receive(facility, output_officer, store, broom, 5)
    before = _moves()
    response = login(output_officer).post(
        url("transfer", facility),
        {"item": _balance(store, broom).pk, "destination": gallery.pk, "quantity": "6"},
    )
    assert response.status_code == 200
    assert "Stok Sapu lidi di Gudang Produksi tidak cukup: tersedia 5 batang" in response.text
    assert _moves() == before and quantity_at(store, broom) == 5


@pytest.mark.parametrize(
    "change, message",
    [
        ({"quantity": "0"}, "Pastikan nilai ini lebih besar dari atau sama dengan 1"),
        ({"quantity": "abc"}, "Masukkan keseluruhan angka bilangan"),
        ({"destination": "store"}, "Pilih tujuan yang berbeda"),
        ({"item": "theirs"}, "Pilih barang yang ada di lokasi UPT ini"),
        ({"destination": "theirs"}, "Pilih lokasi UPT ini"),
    ],
)
def test_transfer_bad_input_is_refused_in_indonesian(login, output_officer, make_user, facility,
                                                     far_facility, store, gallery, broom, change,
                                                     message):  # fmt: skip
    _receive(facility, output_officer, store, broom, 5)
    far = make_location(far_facility, name="Galeri Pamekasan")
    far_product = make_product(far_facility)
    _receive(far_facility, make_user("head", facility=far_facility), far, far_product, 3)
    data = {"item": _balance(store, broom).pk, "destination": gallery.pk, "quantity": "2"}
    data |= change
    if data["destination"] == "store":
        data["destination"] = store.pk
    if data["destination"] == "theirs":
        data["destination"] = far.pk
    if data["item"] == "theirs":
        data["item"] = _balance(far, far_product).pk
    before = _moves()
    response = login(output_officer).post(url("transfer", facility), data)
    assert response.status_code == 200 and message in response.text
    assert _moves() == before


def test_head_writes_damaged_goods_off(login, head, output_officer, facility, store, broom):
    _receive(facility, output_officer, store, broom, 10)
    client = login(head)
    response = client.post(url("write-off", facility), {"item": _balance(store, broom).pk,
                                                        "quantity": "3", "reason": ""})  # fmt: skip
    assert response.status_code == 200 and "Bidang ini tidak boleh kosong" in response.text
    response = client.post(
        url("write-off", facility),
        {"item": _balance(store, broom).pk, "quantity": "3", "reason": "Terkena banjir"},
    )
    assert response.status_code == 302
    with scopes_disabled():
        move = StockMove.objects.get(kind="damaged")
    assert (move.quantity, move.note, move.created_by) == (-3, "Terkena banjir", head)
    assert quantity_at(store, broom) == 7


# --- the stock count ------------------------------------------------------------------------


def test_a_count_from_start_to_approval(login, output_officer, head, facility, store, broom, mat):
    _receive(facility, output_officer, store, broom, 40, unit_cost=7500)
    _receive(facility, output_officer, store, mat, 6, unit_cost=100000)
    today = today_in(facility.timezone)
    officer_client = login(output_officer)
    response = officer_client.post(
        url("count-create", facility), {"location": store.pk, "counted_on": today.isoformat()}
    )
    assert response.status_code == 302
    with scopes_disabled():
        count = StockCount.objects.get()
        lines = {line.product.name: line for line in count.lines.all()}
    assert response.url == url("count-detail", facility, count.pk)
    page = officer_client.get(response.url).text
    assert f'name="line_{lines["Sapu lidi"].pk}"' in page and "Simpan hitungan" in page

    entry = url("count-entry", facility, count.pk)
    bad = officer_client.post(entry, {f"line_{lines['Sapu lidi'].pk}": "-1", "ajukan": "1"})
    assert (
        bad.status_code == 200
        and "Pastikan nilai ini lebih besar dari atau sama dengan 0" in bad.text
    )
    saved = officer_client.post(entry, {f"line_{lines['Sapu lidi'].pk}": "38", "simpan": "1"})
    assert saved.status_code == 302
    incomplete = officer_client.post(entry, {f"line_{lines['Sapu lidi'].pk}": "38", "ajukan": "1"})
    assert (
        incomplete.status_code == 200 and "Isi jumlah hasil hitung setiap baris" in incomplete.text
    )
    with scopes_disabled():
        assert StockCount.objects.get().status == "draft"
    submitted = officer_client.post(
        entry,
        {f"line_{lines['Sapu lidi'].pk}": "38", f"line_{lines['Tikar anyaman pandan'].pk}": "6",
         "ajukan": "1"},
    )  # fmt: skip
    assert submitted.status_code == 302
    assert officer_client.post(url("count-approve", facility, count.pk)).status_code == 403

    head_client = login(head)
    page = head_client.get(url("count-detail", facility, count.pk)).text
    assert "Setujui dan bukukan selisihnya" in page and "-Rp 15.000" in page  # -2 × 7.500
    response = head_client.post(url("count-approve", facility, count.pk))
    assert response.status_code == 302
    with scopes_disabled():
        assert StockCount.objects.get().status == "approved"
        adjustment = StockMove.objects.get(kind="adjusted")
    assert (adjustment.quantity, adjustment.count_id, adjustment.created_by) == (-2, count.pk, head)
    assert quantity_at(store, broom) == 38 and ledger_problems(facility) == []
    history = head_client.get(url("move-list", facility)).text
    assert "Penyesuaian stok opname" in history and f"Opname #{count.pk}" in history


def test_a_stale_count_is_refused_and_then_rejected(login, output_officer, head, facility, store,
                                                    broom):  # fmt: skip
    _receive(facility, output_officer, store, broom, 10)
    with scope(facility=[facility.pk]):
        from karya.inventory.services.counts import stock_count_create, stock_count_submit

        count = stock_count_create(
            actor=output_officer, location=store, counted_on=today_in(facility.timezone)
        )
        stock_count_submit(actor=output_officer, count=count,
                           counted={count.lines.get().pk: 8})  # fmt: skip
        stock_take(actor=output_officer, location=store, product=broom, quantity=1, kind="sold")
    client = login(head)
    response = client.post(url("count-approve", facility, count.pk))
    assert response.status_code == 200
    assert "Stok berubah setelah opname ini dibuat" in response.text
    assert "hitung ulang Gudang Produksi" in response.text
    assert quantity_at(store, broom) == 9
    response = client.post(url("count-reject", facility, count.pk), {"reason": ""})
    assert response.status_code == 200 and "Bidang ini tidak boleh kosong" in response.text
    response = client.post(url("count-reject", facility, count.pk), {"reason": "Hitung ulang"})
    assert response.status_code == 302
    count.refresh_from_db()
    assert count.status == "rejected" and count.decision_note == "Hitung ulang"
    listing = client.get(url("count-list", facility), {"status": "rejected"}).text
    assert "Ditolak" in listing


def test_goods_found_can_be_added_to_a_draft_count(login, output_officer, facility, store):
    pot = make_product(facility, name="Pot gerabah", unit="buah")
    with scope(facility=[facility.pk]):
        from karya.inventory.services.counts import stock_count_create

        count = stock_count_create(
            actor=output_officer, location=store, counted_on=today_in(facility.timezone)
        )
    client = login(output_officer)
    path = url("count-add-line", facility, count.pk)
    assert client.post(path, {"product": pot.pk}).status_code == 302
    again = client.post(path, {"product": pot.pk})
    assert again.status_code == 200 and "sudah ada dalam opname ini" in again.text
    with scopes_disabled():
        assert count.lines.get().product == pot


def test_a_future_count_date_is_refused(login, output_officer, facility, store):
    tomorrow = today_in(facility.timezone) + dt.timedelta(days=1)
    response = login(output_officer).post(
        url("count-create", facility), {"location": store.pk, "counted_on": tomorrow.isoformat()}
    )
    assert response.status_code == 200 and "tidak boleh di masa depan" in response.text
    with scopes_disabled():
        assert not StockCount.objects.exists()


# --- reports --------------------------------------------------------------------------------


def test_stock_value_report(login, head, output_officer, facility, store, gallery, broom):
    _receive(facility, output_officer, store, broom, 10, unit_cost=7500)
    text = login(head).get(url("report-value", facility)).text
    assert "Gudang Produksi" in text and "Galeri" in text and "Rp 75.000" in text


def test_slow_moving_report(login, head, output_officer, facility, store, broom, monkeypatch):
    _receive(facility, output_officer, store, broom, 10, unit_cost=7500)
    client = login(head)
    assert "Sapu lidi" not in client.get(url("report-slow", facility)).text
    later = today_in(facility.timezone) + dt.timedelta(days=120)
    monkeypatch.setattr("karya.inventory.views.reports.today_in", lambda tz: later)
    text = client.get(url("report-slow", facility)).text
    assert "Sapu lidi" in text and "120" in text and "Rp 75.000" in text
    assert "Sapu lidi" not in client.get(url("report-slow", facility), {"hari": "121"}).text
    bad = client.get(url("report-slow", facility), {"hari": "0"})
    assert bad.status_code == 200 and "Pastikan nilai ini lebih besar" in bad.text
