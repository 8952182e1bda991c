"""Pages that bring the apps together: the landing redirect, a unit's home, the unit
directory for regional and national staff, and the health check."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.db.utils import DatabaseError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.generic import ListView, TemplateView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm, access_for
from karya.facilities.selectors import facilities_visible_to
from karya.inmates.selectors import population_summary


def home(request):
    """The public start page for a visitor (the catalogue, the news, the staff log-in); a
    user goes to the unit they worked in last, or to what their role starts with (a partner's
    own user: the partner portal)."""
    if not request.user.is_authenticated:
        return render(request, "web/public_home.html")
    access = access_for(request.user)
    if access.is_partner_user:
        return redirect("portal:dashboard")
    homes = access.home_facilities
    last = request.session.get("facility_code")
    for facility in homes:
        if facility.code == last:
            return redirect("unit-home", facility_code=facility.code)
    if homes:
        return redirect("unit-home", facility_code=homes[0].code)
    if access.is_national or access.region_ids:
        return redirect("unit-directory")
    if access.can(Perm.USER_MANAGE):
        return redirect("accounts:user-list")
    return redirect("accounts:profile")


class UnitHomeView(FacilityPermissionMixin, TemplateView):
    template_name = "web/unit_home.html"
    permission = Perm.UNIT_VIEW

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["population"] = population_summary(facility=self.request.facility)
        return context


class UnitDirectoryView(LoginRequiredMixin, ListView):
    """The units a regional or national user may open, searchable."""

    template_name = "web/unit_directory.html"
    paginate_by = 50
    context_object_name = "facilities"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and access_for(request.user).is_partner_user:
            raise Http404  # a staff page: a partner's user sees only the portal
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return facilities_visible_to(
            access_for(self.request.user), query=self.request.GET.get("q", "").strip()
        )


def healthz(request):
    """200 with {"status": "ok"} when the database answers, else 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
