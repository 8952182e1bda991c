"""View mixins that apply the permission module; every staff view uses one of them, every
partner-portal view `PartnerPortalMixin`.

A partner's own user (`Access.is_partner_user`) gets 404 on every staff page, exactly like a
missing page: the staff side of Karya does not exist for it. Staff get 404 on the portal."""

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django_scopes import scope

from karya.accounts.permissions import Perm, access_for
from karya.facilities.models import Region


def can(request, perm: Perm) -> bool:
    """Whether the request's user has `perm` in the request's unit (for what a page offers)."""
    return access_for(request.user).can(perm, request.facility)


class FacilityPermissionMixin(AccessMixin):
    """A page of one unit: anonymous → login; unit not covered → 404; no permission → 403.
    (A partner's user covers no unit, so it always gets 404 here.)"""

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
    """A page that acts for the whole country (administration): anonymous → login; a
    partner's user → 404; anyone else without the permission → 403."""

    permission: Perm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        access = access_for(request.user)
        if not access.can(self.permission):
            if access.is_partner_user:
                raise Http404
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class PartnerPortalMixin(AccessMixin):
    """A page of the partner portal: anonymous → login; a user who is no partner's own user
    → 404. `self.partners` holds the user's partners (several when the user has several
    partner memberships, possibly in several units).

    The view runs, and its template renders, inside a django-scopes scope of the units of
    those partners; the portal's selectors then narrow every query to the partners themselves.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.partners = access_for(request.user).partners
        if not self.partners:
            raise Http404
        with scope(facility=sorted({p.facility_id for p in self.partners})):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        return response


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
