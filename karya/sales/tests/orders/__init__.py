"""Tests of customer orders: quotation, order, delivery, payment, cancellation."""
