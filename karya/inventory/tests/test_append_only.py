"""The stock ledger is append-only: a move cannot be changed or deleted through the model, a
queryset, or (on PostgreSQL) raw SQL; and the database refuses a negative balance."""

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import F
from django_scopes import scopes_disabled

from karya.audit.models import AppendOnlyError
from karya.inventory.models import StockBalance, StockMove
from karya.inventory.services import stock_receive

pytestmark = pytest.mark.django_db


@pytest.fixture
def move(in_scope, output_officer, store, broom):
    return stock_receive(
        actor=output_officer, location=store, product=broom, quantity=10, kind="opening"
    )


def test_a_move_cannot_be_changed_or_deleted(move):
    with scopes_disabled():
        move.quantity = 99
        with pytest.raises(AppendOnlyError):
            move.save()
        with pytest.raises(AppendOnlyError):
            move.delete()
        with pytest.raises(AppendOnlyError):
            StockMove.objects.filter(pk=move.pk).update(quantity=99)
        with pytest.raises(AppendOnlyError):
            StockMove.objects.all().delete()
        with pytest.raises(AppendOnlyError):
            StockMove.objects.bulk_update([move], ["quantity"])
        with pytest.raises(AppendOnlyError):
            StockMove.objects.bulk_create(
                [move], update_conflicts=True, unique_fields=["id"], update_fields=["quantity"]
            )
        with pytest.raises(AppendOnlyError):
            move.location.moves.all().delete()
        assert StockMove.objects.get(pk=move.pk).quantity == 10


def test_raw_sql_cannot_change_moves(move):
    """The database refuses UPDATE and DELETE on the table itself: a trigger on PostgreSQL,
    triggers with RAISE(ABORT) on SQLite (migration inventory/0002, karya.core.guards)."""
    assert connection.vendor in {"postgresql", "sqlite"}, "a new backend needs its triggers"
    for sql in (
        "UPDATE inventory_stockmove SET quantity = 99 WHERE id = %s",
        "DELETE FROM inventory_stockmove WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [move.pk])
    with scopes_disabled():
        assert StockMove.objects.get(pk=move.pk).quantity == 10


def test_the_database_refuses_a_negative_balance_and_a_wrong_sign(move, store, broom):
    with scopes_disabled():
        with pytest.raises(IntegrityError), transaction.atomic():
            StockBalance.objects.filter(location=store).update(quantity=F("quantity") - 11)
        assert StockBalance.objects.get(location=store).quantity == 10
        for kind, quantity in (("sold", 3), ("produced", -3), ("adjusted", 0), ("transfer_in", 2)):
            with pytest.raises(IntegrityError), transaction.atomic():
                StockMove.objects.create(
                    facility_id=store.facility_id,
                    location=store,
                    product=broom,
                    quantity=quantity,
                    kind=kind,
                )


def test_a_second_balance_row_for_the_same_goods_is_refused(move, store, broom):
    with scopes_disabled(), pytest.raises(IntegrityError), transaction.atomic():
        StockBalance.objects.create(
            facility_id=store.facility_id, location=store, product=broom, lot=None, quantity=0
        )
