from ninja import Query, Router, Schema

from karya.accounts.permissions import access_for
from karya.api.errors import ErrorOut
from karya.facilities.selectors import facilities_visible_to

router = Router(tags=["units"])


class FacilityOut(Schema):
    code: str
    name: str
    type: str
    facility_class: str
    timezone: str
    region_code: str
    region_name: str


class FacilityFilter(Schema):
    q: str = ""


def _out(f) -> FacilityOut:
    return FacilityOut(
        code=f.code,
        name=f.name,
        type=f.type,
        facility_class=f.facility_class,
        timezone=f.timezone,
        region_code=f.region.code,
        region_name=f.region.name,
    )


@router.get(
    "", response={200: list[FacilityOut], 401: ErrorOut}, summary="Units the user's roles cover"
)
def facility_list(request, filters: Query[FacilityFilter]):
    return [_out(f) for f in facilities_visible_to(access_for(request.user), query=filters.q)]
