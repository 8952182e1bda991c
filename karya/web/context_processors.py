"""What the base template needs to draw a navigation that fits the user's roles."""

from karya.accounts.permissions import Perm, access_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = access_for(user)
    facility = getattr(request, "facility", None)
    unit_perms = access.permissions_in(facility) if facility else frozenset()
    return {
        "access": access,
        "current_facility": facility,
        "home_facilities": access.home_facilities,
        "unit_perms": {p.value for p in unit_perms},
        "global_perms": {p.value for p in access.global_permissions},
        "can_browse_units": access.is_national or bool(access.region_ids),
        "Perm": Perm,
    }
