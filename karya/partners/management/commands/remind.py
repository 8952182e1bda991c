"""`karya remind`: send the reminders that are due (safe to run every hour)."""

from django.core.management.base import BaseCommand
from django_scopes import scopes_disabled

from karya.partners.services.reminders import reminders_send


class Command(BaseCommand):
    help = "Expire PKS past their end and send due reminders (each exactly once)."

    def handle(self, *args, **options):
        with scopes_disabled():  # a national job: it reads every unit's agreements
            result = reminders_send()
        self.stdout.write(
            f"{result.expired} agreement(s) expired; reminders sent: {result.agreements} "
            f"agreement(s) ending, {result.obligations} obligation(s), "
            f"{result.follow_ups} follow-up(s)."
        )
