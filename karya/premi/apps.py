from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PremiConfig(AppConfig):
    name = "karya.premi"
    label = "premi"
    verbose_name = _("Premi and inmate ledger")

    def ready(self):
        from karya.inmates.signals import inmates_departed
        from karya.premi.services.reminders import ledger_remind_departures
        from karya.premi.services.runs import attendance_day_lock
        from karya.programs.signals import attendance_day_locks

        inmates_departed.connect(ledger_remind_departures, dispatch_uid="premi-remind-departures")
        attendance_day_locks.connect(attendance_day_lock, dispatch_uid="premi-lock-days")
