"""The inbox: a user's own notifications, newest first; open one, mark read, mark all read."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from karya.notifications import selectors, services


class InboxView(LoginRequiredMixin, ListView):
    template_name = "notifications/inbox.html"
    context_object_name = "notifications"
    paginate_by = 50

    def get_queryset(self):
        return selectors.notifications_for(
            user=self.request.user, unread_only=self.request.GET.get("belum") == "1"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unread_only=self.request.GET.get("belum") == "1",
            unread=selectors.unread_count(user=self.request.user),
            **kwargs,
        )


def _own(request, pk):
    """One of the user's own notifications; anyone else's answers 404 like a missing one."""
    return get_object_or_404(selectors.notifications_for(user=request.user), pk=pk)


def _safe(request, url: str) -> str | None:
    allowed = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if url and allowed else None


class NotificationOpenView(LoginRequiredMixin, View):
    """Follow a notification's link, marking it read."""

    def get(self, request, pk):
        notification = _own(request, pk)
        services.notification_mark_read(actor=request.user, notification=notification)
        return redirect(_safe(request, notification.url) or "notifications:inbox")


class NotificationReadView(LoginRequiredMixin, View):
    def post(self, request, pk):
        notification = _own(request, pk)
        services.notification_mark_read(actor=request.user, notification=notification)
        return redirect(_safe(request, request.POST.get("next", "")) or "notifications:inbox")


class InboxReadAllView(LoginRequiredMixin, View):
    def post(self, request):
        count = services.notifications_mark_all_read(actor=request.user)
        if count:
            messages.success(request, _("All notifications are marked read."))
        return redirect("notifications:inbox")
