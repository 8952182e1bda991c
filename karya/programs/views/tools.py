"""Pages of the tools register: the tools of each workshop, the session screen (issue at the
start, count back at the end; made for a phone) and the list of missing tools."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from karya.accounts.mixins import FacilityPermissionMixin
from karya.accounts.permissions import Perm, access_for
from karya.core.dates import today_in
from karya.core.errors import DomainError
from karya.core.views import ServiceFormView
from karya.programs.choices import WorkSession
from karya.programs.forms import tools as forms
from karya.programs.models import Tool, ToolIssue, Workshop
from karya.programs.selectors import tools as selectors
from karya.programs.services import tools as services


def _workshop(request, pk) -> Workshop:
    return get_object_or_404(Workshop.objects.filter(facility=request.facility), pk=pk)


def _tool(request, pk) -> Tool:
    return get_object_or_404(
        Tool.objects.filter(facility=request.facility).select_related("workshop"), pk=pk
    )


def _session_url(facility, workshop_pk: int, date: dt.date, session: str) -> str:
    url = reverse("programs:tool-session", args=[facility.code, workshop_pk])
    return f"{url}?{urlencode({'tanggal': date.isoformat(), 'sesi': session})}"


class ToolListView(FacilityPermissionMixin, ListView):
    """The unit's tools, by workshop, with what is out or missing now."""

    permission = Perm.TOOL_VIEW
    template_name = "programs/tool_list.html"
    context_object_name = "tools"
    paginate_by = 100

    def get_queryset(self):
        facility = self.request.facility
        self.workshops = list(selectors.tool_workshops(facility=facility))
        self.workshop = None
        wanted = self.request.GET.get("bengkel", "")
        if wanted.isdigit():
            self.workshop = next((w for w in self.workshops if w.pk == int(wanted)), None)
        self.query = self.request.GET.get("q", "").strip()
        return selectors.tool_list(facility=facility, workshop=self.workshop, query=self.query)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            workshops=self.workshops,
            workshop=self.workshop,
            query=self.query,
            can_manage=access_for(self.request.user).can(Perm.TOOL_MANAGE, self.request.facility),
            **kwargs,
        )
        for tool in context["tools"]:
            if tool.pending_state == ToolIssue.State.OUT:
                tool.pending_session_label = WorkSession(tool.pending_session).label
                tool.session_url = _session_url(
                    self.request.facility, tool.workshop_id, tool.pending_date, tool.pending_session
                )
        return context


class ToolFormView(FacilityPermissionMixin, ServiceFormView):
    """Add (no pk) or edit (pk) a tool."""

    permission = Perm.TOOL_MANAGE
    template_name = "programs/tool_form.html"
    form_class = forms.ToolForm
    success_message = gettext_lazy("The tool was saved.")

    def dispatch(self, request, *args, **kwargs):
        self.tool = None
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["facility"] = self.request.facility
        if "pk" in self.kwargs:
            # Two copies: the form writes its input onto its instance while validating, and
            # the service must compare the new values with the record as it was.
            self.tool = _tool(self.request, self.kwargs["pk"])
            kwargs["instance"] = _tool(self.request, self.kwargs["pk"])
        return kwargs

    def get_initial(self):
        initial = super().get_initial()
        wanted = self.request.GET.get("bengkel", "")
        if wanted.isdigit():
            initial["workshop"] = int(wanted)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tool"] = self.tool
        return context

    def perform(self, form):
        if self.tool is None:
            return services.tool_create(actor=self.request.user, **form.cleaned_data)
        return services.tool_update(actor=self.request.user, tool=self.tool, **form.cleaned_data)

    def get_success_url(self):
        url = reverse("programs:tool-list", args=[self.request.facility.code])
        return f"{url}?bengkel={self.object.workshop_id}"


class ToolSessionPickView(FacilityPermissionMixin, View):
    """Choose a workshop, day and session, then go to its session screen."""

    permission = Perm.TOOL_VIEW

    def get(self, request, **kwargs):
        facility = request.facility
        data = request.GET if "bengkel" in request.GET else None
        form = forms.SessionPickForm(
            data,
            facility=facility,
            initial={"tanggal": today_in(facility.timezone), "sesi": WorkSession.MORNING},
        )
        if form.is_valid():
            return redirect(
                _session_url(
                    facility,
                    form.cleaned_data["bengkel"].pk,
                    form.cleaned_data["tanggal"],
                    form.cleaned_data["sesi"],
                )
            )
        return render(
            request, "programs/tool_session_pick.html", {"facility": facility, "form": form}
        )


class _SessionMixin(FacilityPermissionMixin):
    """The session screen of one workshop, shared by the page and its two POST actions.
    After bad input the screen is drawn again with the message and nothing is written."""

    template_name = "programs/tool_session.html"

    def render_sheet(self, workshop, date, session, *, issue_form=None, count_form=None, errors=()):
        request = self.request
        sheet = selectors.session_sheet(workshop=workshop, date=date, session=session)
        initial = {"date": date, "session": session}
        context = {
            "facility": request.facility,
            "workshop": workshop,
            "sheet": sheet,
            "date": date,
            "session": session,
            "session_label": WorkSession(session).label,
            "picker": forms.SessionForm(initial={"tanggal": date, "sesi": session}),
            "issue_form": issue_form or forms.IssueForm(initial=initial, workshop=workshop),
            "count_form": count_form or forms.CountBackForm(initial=initial, issues=sheet.out),
            "errors": list(errors),
            "can_manage": access_for(request.user).can(Perm.TOOL_MANAGE, request.facility),
            "works_in_session": session in workshop.sessions,
        }
        for issue in sheet.out_elsewhere:
            issue.session_url = _session_url(
                request.facility, workshop.pk, issue.date, issue.session
            )
        return render(request, self.template_name, context)

    def default_day(self, workshop) -> tuple[dt.date, str]:
        session = workshop.sessions[0] if workshop.sessions else WorkSession.MORNING
        return today_in(self.request.facility.timezone), session

    def posted_day(self, workshop):
        """(date, session, None) from the hidden fields, or (today, default, the error)."""
        day = forms.DayForm(self.request.POST)
        if day.is_valid():
            return day.cleaned_data["date"], day.cleaned_data["session"], None
        return (*self.default_day(workshop), _("The day or session of the form is not valid."))


class ToolSessionView(_SessionMixin, View):
    permission = Perm.TOOL_VIEW

    def get(self, request, workshop_pk, **kwargs):
        workshop = _workshop(request, workshop_pk)
        date, session = self.default_day(workshop)
        errors = []
        picker = forms.SessionForm(request.GET if request.GET else None)
        if picker.is_bound:
            if picker.is_valid():
                date = picker.cleaned_data["tanggal"] or date
                session = picker.cleaned_data["sesi"] or session
            else:
                errors.append(_("Choose a valid date and session; showing today instead."))
        return self.render_sheet(workshop, date, session, errors=errors)


class ToolIssueView(_SessionMixin, View):
    permission = Perm.TOOL_MANAGE

    def post(self, request, workshop_pk, **kwargs):
        workshop = _workshop(request, workshop_pk)
        date, session, problem = self.posted_day(workshop)
        if problem:
            return self.render_sheet(workshop, date, session, errors=[problem])
        form = forms.IssueForm(request.POST, workshop=workshop)
        if not form.is_valid():
            return self.render_sheet(
                workshop, date, session, issue_form=form, errors=_form_errors(form)
            )
        try:
            issued = services.tools_issue(
                actor=request.user,
                workshop=workshop,
                date=date,
                session=session,
                tools=list(form.cleaned_data["tools"]),
            )
        except DomainError as error:
            return self.render_sheet(
                workshop, date, session, issue_form=form, errors=[error.message]
            )
        messages.success(request, _("Tools issued: %(count)s.") % {"count": len(issued)})
        return redirect(_session_url(request.facility, workshop.pk, date, session))


class ToolCountBackView(_SessionMixin, View):
    permission = Perm.TOOL_MANAGE

    def post(self, request, workshop_pk, **kwargs):
        workshop = _workshop(request, workshop_pk)
        date, session, problem = self.posted_day(workshop)
        if problem:
            return self.render_sheet(workshop, date, session, errors=[problem])
        issues = selectors.open_issues(workshop=workshop, date=date, session=session)
        form = forms.CountBackForm(request.POST, issues=issues)
        if not form.is_valid():
            return self.render_sheet(
                workshop, date, session, count_form=form, errors=_form_errors(form)
            )
        returned, missing = form.answers()
        try:
            result = services.tools_count_back(
                actor=request.user,
                workshop=workshop,
                date=date,
                session=session,
                returned=returned,
                missing=missing,
            )
        except DomainError as error:
            return self.render_sheet(
                workshop, date, session, count_form=form, errors=[error.message]
            )
        if result.missing:
            messages.error(
                request,
                _(
                    "Tools missing: %(missing)s. The head of the unit and the security staff "
                    "have been alerted (%(people)s people)."
                )
                % {"missing": len(result.missing), "people": len(result.notified)},
            )
        messages.success(request, _("Tools returned: %(count)s.") % {"count": len(result.returned)})
        return redirect(_session_url(request.facility, workshop.pk, date, session))


def _form_errors(form) -> list[str]:
    return [str(message) for errors in form.errors.values() for message in errors]


class ToolMissingView(FacilityPermissionMixin, ListView):
    """Tools reported missing and not yet found."""

    permission = Perm.TOOL_VIEW
    template_name = "programs/tool_missing.html"
    context_object_name = "issues"
    paginate_by = 100

    def get_queryset(self):
        return selectors.missing_tools(facility=self.request.facility)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_manage=access_for(self.request.user).can(Perm.TOOL_MANAGE, self.request.facility),
            **kwargs,
        )


class ToolFoundView(FacilityPermissionMixin, ServiceFormView):
    """Record that a missing tool was found."""

    permission = Perm.TOOL_MANAGE
    template_name = "programs/tool_found.html"
    form_class = forms.FoundForm
    success_message = gettext_lazy(
        "The tool is recorded as found; the head and security staff were told."
    )

    def get_issue(self) -> ToolIssue:
        if not hasattr(self, "issue"):
            self.issue = get_object_or_404(
                ToolIssue.objects.filter(
                    facility=self.request.facility, state=ToolIssue.State.MISSING
                ).select_related("tool", "tool__workshop"),
                pk=self.kwargs["pk"],
            )
        return self.issue

    def get_context_data(self, **kwargs):
        return super().get_context_data(issue=self.get_issue(), **kwargs)

    def perform(self, form):
        return services.tool_issue_found(
            actor=self.request.user, issue=self.get_issue(), note=form.cleaned_data["note"]
        )

    def get_success_url(self):
        return reverse("programs:tool-missing", args=[self.request.facility.code])
