"""`karya rebuild-aggregates [--facility CODE] [--month YYYY-MM]`: recompute the units' monthly
figures from the records (all units and months by default), whatever is stored."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from karya.facilities.models import Facility
from karya.reports.periods import month_label, parse_month
from karya.reports.services import aggregates_rebuild


class Command(BaseCommand):
    help = "Recompute the monthly figures of the units from the records."

    def add_arguments(self, parser):
        parser.add_argument("--facility", help="Only this unit (its code).")
        parser.add_argument("--month", help="Only this month (YYYY-MM).")

    def handle(self, *args, **options):
        facilities = Facility.objects.order_by("code")
        if options["facility"]:
            facilities = facilities.filter(code=options["facility"].upper())
            if not facilities.exists():
                raise CommandError(
                    _("No unit has the code %(code)s.") % {"code": options["facility"]}
                )
        month = None
        if options["month"]:
            month = parse_month(options["month"])
            if month is None:
                raise CommandError(_("Give the month as YYYY-MM, for example 2026-01."))
        count = 0
        for facility in facilities.iterator():
            months = aggregates_rebuild(facility=facility, month=month)
            count += 1
            if options["verbosity"] > 1:
                self.stdout.write(f"{facility.code}: {len(months)}")
        what = month_label(month) if month else _("every month")
        self.stdout.write(
            _("Figures recomputed for %(count)s unit(s), %(what)s.")
            % {"count": count, "what": what}
        )
