"""Test data for the tools register: workshops and tools, created with scopes disabled."""

from django_scopes import scopes_disabled

from karya.programs.models import Tool, Workshop


def make_workshop(facility, name="Bengkel Kayu", sessions=("pagi", "siang"), **fields):
    with scopes_disabled():
        return Workshop.objects.create(
            facility=facility,
            name=name,
            sector=fields.pop("sector", "kayu"),
            capacity=fields.pop("capacity", 20),
            sessions=list(sessions),
            **fields,
        )


def make_tool(workshop, code, name="Pahat kayu", **fields):
    with scopes_disabled():
        return Tool.objects.create(
            facility_id=workshop.facility_id, workshop=workshop, code=code, name=name, **fields
        )
