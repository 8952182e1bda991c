"""Django's `flush`, allowed to empty the append-only tables (see karya.core.guards)."""

from django.core.management.commands.flush import Command as DjangoFlush

from karya.core.guards import maintenance


class Command(DjangoFlush):
    help = DjangoFlush.help + " Append-only tables are emptied too (their triggers allow it here)."

    def handle(self, **options):
        with maintenance(options["database"]):
            return super().handle(**options)
