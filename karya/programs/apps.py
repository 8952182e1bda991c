from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    name = "karya.programs"
    label = "programs"
    verbose_name = _("Work programme")

    def ready(self):
        from karya.inmates.signals import inmates_departed
        from karya.programs.services.allocations import allocations_end_for_departures

        inmates_departed.connect(
            allocations_end_for_departures, dispatch_uid="programs-end-allocations"
        )
