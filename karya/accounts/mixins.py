"""View mixins that apply the permission module; every staff view uses one of them."""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

from karya.accounts.permissions import Perm, access_for
from karya.facilities.models import Region


class FacilityPermissionMixin(AccessMixin):
    """A page of one unit: anonymous → login; unit not covered → 404; no permission → 403."""

    permission: Perm = Perm.UNIT_VIEW

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request.facility is None:
            raise Http404
        if not access_for(request.user).can(self.permission, request.facility):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["facility"] = self.request.facility
        return context


class GlobalPermissionMixin(AccessMixin):
    """A page that acts for the whole country (administration): anonymous → login; → 403."""

    permission: Perm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not access_for(request.user).can(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class RegionPermissionMixin(AccessMixin):
    """A page of one region as a whole (/wilayah/<region_code>/…): anonymous → login; a region
    the user does not read (another Kanwil's, or any for unit staff) → 404, exactly like a
    missing one; no permission there → 403. The region is `request.region`."""

    permission: Perm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        access = access_for(request.user)
        region = Region.objects.filter(code=kwargs.get("region_code", "")).first()
        if region is None or not access.covers_region(region):
            raise Http404
        if not access.can_in_region(self.permission, region):
            raise PermissionDenied
        request.region = region
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["region"] = self.request.region
        return context
