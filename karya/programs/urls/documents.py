"""URLs: documents (filled in by its area)."""

urlpatterns: list = []
