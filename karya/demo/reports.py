"""Demo of the dashboards and reports: the seed units' targets for this year (set by the
Ditjenpas demo user) and every unit's monthly figures rebuilt from the demo's records, so the
unit, regional and national dashboards open with figures. Loading twice changes nothing (the
targets are the same; the figures are recomputed from the same records)."""

from __future__ import annotations

from django_scopes import scope

from karya.accounts.models import User
from karya.core.dates import today_in
from karya.facilities.models import Facility
from karya.reports.models import Indicator
from karya.reports.services import aggregates_rebuild
from karya.reports.services.targets import indicators_builtin_ensure, unit_targets_set

# unit code → indicator code → this year's target (the PNBP target is the finance demo's).
TARGETS = {
    "LPPWT": {"partisipasi": 60, "wbp-bersertifikat": 10, "mitra": 3, "produk-ekatalog": 2},
    "LPPKP": {"partisipasi": 50, "wbp-bersertifikat": 5, "mitra": 2, "produk-ekatalog": 1},
    "LPPMK": {"partisipasi": 55, "wbp-bersertifikat": 8, "mitra": 2, "produk-ekatalog": 1},
}
NATIONAL_USER = "ditjenpas"


def reports_load(*, seed_units) -> None:
    national = User.objects.get(username=NATIONAL_USER)
    indicators_builtin_ensure()
    indicators = {i.code: i for i in Indicator.objects.all()}
    for code in seed_units:
        facility = Facility.objects.get(code=code)
        with scope(facility=[facility.pk]):
            unit_targets_set(
                actor=national,
                facility=facility,
                year=today_in(facility.timezone).year,
                values={indicators[k]: v for k, v in TARGETS[code].items()},
            )
    for facility in Facility.objects.order_by("code").iterator():
        aggregates_rebuild(facility=facility)
