"""The work programme of one unit: workshops, the waiting list, allocations and the day's
attendance and output. Every endpoint checks its permission through `facility_for` and runs
its queries inside the unit's scope; the rules are in `karya.programs.services`."""

from ninja import Router

from karya.api.routers.programs import allocations, attendance, waiting_list, workshops

router = Router()
router.add_router("", workshops.router)
router.add_router("", waiting_list.router)
router.add_router("", allocations.router)
router.add_router("", attendance.router)
