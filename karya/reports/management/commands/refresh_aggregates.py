"""`karya refresh-aggregates`: compute the monthly figures that are marked out of date or not
computed up to the current month, for every active unit. Run it at night (cron): the first
dashboard of a new month then reads figures already computed."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from karya.facilities.models import Facility
from karya.reports.services import aggregates_refresh_due


class Command(BaseCommand):
    help = "Compute the monthly figures that are out of date, for every unit."

    def handle(self, *args, **options):
        facilities = list(Facility.objects.filter(is_active=True).order_by("code"))
        count = aggregates_refresh_due(facilities=facilities)
        self.stdout.write(_("Figures refreshed for %(count)s unit(s).") % {"count": count})
