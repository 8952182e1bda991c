"""Writes of the sales area, one module per part. `sales` makes and reverses sales and
invoices for every channel; `payments` records money received and refunds."""
