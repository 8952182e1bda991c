"""Account pages (login, profile, password, API tokens) and user administration."""

import time

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.signals import user_login_failed
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import DetailView, ListView
from django_otp import login as otp_login

from karya.accounts import forms, selectors, services, twofactor
from karya.accounts.mixins import GlobalPermissionMixin
from karya.accounts.models import ApiToken, Membership, User
from karya.accounts.permissions import Perm
from karya.audit.selectors import history_for_all
from karya.audit.views import HistoryView
from karya.core.errors import DomainError
from karya.core.views import ServiceFormView

PENDING_LOGIN = "karya_pending_login"
PENDING_LOGIN_SECONDS = 5 * 60


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return ngettext(
        "Too many wrong passwords: this username is locked for %(minutes)d minute from this "
        "device. Try again later, or ask the administrator to unlock it.",
        "Too many wrong passwords: this username is locked for %(minutes)d minutes from this "
        "device. Try again later, or ask the administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}


def locked_out(request, original_response=None, credentials=None):
    """The login page with the lock-out message (django-axes calls this for a locked
    username, whether the password given was right or not)."""
    form = AuthenticationForm(request, data=request.POST or None)
    return render(
        request,
        "accounts/login.html",
        {"form": form, "locked_message": lockout_message(), "next": request.POST.get("next", "")},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class LoginView(auth_views.LoginView):
    """Username and password; then, for a user with two-step verification on, the code."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if twofactor.confirmed_device(user) is None:
            return super().form_valid(form)
        self.request.session[PENDING_LOGIN] = {
            "user": user.pk,
            "backend": user.backend,
            "at": time.time(),
            "next": self.get_redirect_url(),
        }
        return redirect("accounts:login-code")


class LoginCodeView(View):
    """Second step of the login: the six-digit code of the user's authenticator app."""

    template_name = "accounts/login_code.html"

    def _pending(self, request):
        pending = request.session.get(PENDING_LOGIN)
        if not pending or time.time() - pending["at"] > PENDING_LOGIN_SECONDS:
            request.session.pop(PENDING_LOGIN, None)
            return None, None
        user = User.objects.filter(pk=pending["user"], is_active=True).first()
        return pending, user

    def _render(self, request, form, status=200):
        return render(request, self.template_name, {"form": form}, status=status)

    def get(self, request):
        pending, user = self._pending(request)
        if user is None:
            return redirect("accounts:login")
        return self._render(request, forms.TotpCodeForm())

    def post(self, request):
        pending, user = self._pending(request)
        if user is None:
            messages.warning(request, _("The login took too long. Please log in again."))
            return redirect("accounts:login")
        if not AxesProxyHandler.is_allowed(request, {"username": user.username}):
            request.session.pop(PENDING_LOGIN, None)
            return locked_out(request)
        form = forms.TotpCodeForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        device = twofactor.confirmed_device(user)
        allowed, _detail = device.verify_is_allowed() if device else (False, None)
        if device is None or not device.verify_token(form.cleaned_data["code"]):
            # Counted by the lock-out of wrong passwords too (django-axes listens to this).
            user_login_failed.send(
                sender=__name__, credentials={"username": user.username}, request=request
            )
            if not allowed:
                message = _("Too many wrong codes. Wait a moment, then type the new code.")
            else:
                message = _("The code is not right. Type the six digits the app shows now.")
            form.add_error("code", message)
            return self._render(request, form, status=400)
        del request.session[PENDING_LOGIN]
        login(request, user, backend=pending["backend"])
        otp_login(request, device)
        target = pending.get("next") or ""
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = resolve_url(settings.LOGIN_REDIRECT_URL)
        return redirect(target)


class ProfileView(LoginRequiredMixin, ServiceFormView):
    """The user's own page: memberships, API tokens (create, revoke)."""

    template_name = "accounts/profile.html"
    form_class = forms.ApiTokenForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = selectors.memberships_of(self.request.user).filter(is_active=True)
        context["tokens"] = self.request.user.api_tokens.filter(revoked_at__isnull=True)
        context["two_factor_allowed"] = twofactor.may_use(self.request.user)
        context["two_factor_on"] = twofactor.confirmed_device(self.request.user) is not None
        return context

    def perform(self, form):
        token, raw = services.api_token_create(
            actor=self.request.user, name=form.cleaned_data["name"]
        )
        messages.success(self.request, _("New token (copy it now, it is shown only once):"))
        self.request.session["new_token"] = raw
        return token

    def get(self, request, *args, **kwargs):
        self.new_token = request.session.pop("new_token", None)
        return super().get(request, *args, **kwargs)

    def get_success_url(self):
        return reverse("accounts:profile")


class ApiTokenRevokeView(LoginRequiredMixin, View):
    def post(self, request, pk):
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        services.api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("The token was revoked."))
        return redirect("accounts:profile")


class PasswordChangeView(LoginRequiredMixin, ServiceFormView):
    template_name = "accounts/password_change.html"
    form_class = forms.PasswordChangeForm
    success_message = gettext_lazy("Your password was changed.")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form):
        user = services.user_set_password(
            actor=self.request.user,
            user=self.request.user,
            password=form.cleaned_data["new_password"],
        )
        update_session_auth_hash(self.request, user)
        return user

    def form_valid(self, form):
        try:
            self.perform(form)
        except DomainError as error:
            form.add_error("new_password", error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect("accounts:profile")


class UserListView(GlobalPermissionMixin, ListView):
    permission = Perm.USER_MANAGE
    template_name = "accounts/user_list.html"
    paginate_by = 50
    context_object_name = "users"

    def get_queryset(self):
        return selectors.user_list(query=self.request.GET.get("q", "").strip())


class UserCreateView(GlobalPermissionMixin, ServiceFormView):
    permission = Perm.USER_MANAGE
    template_name = "accounts/user_form.html"
    form_class = forms.UserCreateForm
    success_message = gettext_lazy("The user was created. Now give them a role.")

    def perform(self, form):
        return services.user_create(actor=self.request.user, **form.cleaned_data)

    def get_success_url(self):
        return reverse("accounts:user-detail", args=[self.object.pk])


class UserDetailView(GlobalPermissionMixin, DetailView):
    """A user with their memberships; forms to add a role and to reset the password."""

    permission = Perm.USER_MANAGE
    model = User
    template_name = "accounts/user_detail.html"
    context_object_name = "account"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = selectors.memberships_of(self.object)
        context["membership_form"] = kwargs.get("membership_form") or forms.MembershipForm()
        context["password_form"] = kwargs.get("password_form") or forms.PasswordResetForm()
        context["login_locked"] = services.user_is_locked(self.object)
        context["two_factor_on"] = twofactor.confirmed_device(self.object) is not None
        return context


class UserUpdateView(GlobalPermissionMixin, ServiceFormView):
    permission = Perm.USER_MANAGE
    template_name = "accounts/user_form.html"
    form_class = forms.UserUpdateForm
    success_message = gettext_lazy("The user was saved.")

    @cached_property
    def account(self):
        """Looked up only after the mixin's permission check (anonymous → login, not 404)."""
        return get_object_or_404(User, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = User.objects.get(pk=self.account.pk)
        return kwargs

    def perform(self, form):
        return services.user_update(actor=self.request.user, user=self.account, **form.cleaned_data)

    def get_success_url(self):
        return reverse("accounts:user-detail", args=[self.account.pk])


class _UserActionView(GlobalPermissionMixin, View):
    """A POST on a user's page that calls one service; errors come back on the same page."""

    permission = Perm.USER_MANAGE

    def post(self, request, pk):
        self.account = get_object_or_404(User, pk=pk)
        form = self.form_class(request.POST)
        if form.is_valid():
            try:
                self.perform(form)
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, self.success_message)
                return redirect("accounts:user-detail", pk=pk)
        view = UserDetailView(request=request, kwargs={"pk": pk}, object=self.account)
        context = view.get_context_data(object=self.account, **{self.form_name: form})
        response = view.render_to_response(context)
        response.status_code = 400
        return response


class MembershipCreateView(_UserActionView):
    form_class = forms.MembershipForm
    form_name = "membership_form"
    success_message = gettext_lazy("The role was added.")

    def perform(self, form):
        services.membership_create(actor=self.request.user, user=self.account, **form.cleaned_data)


class PasswordResetView(_UserActionView):
    form_class = forms.PasswordResetForm
    form_name = "password_form"
    success_message = gettext_lazy("The password was set. Tell the user to change it.")

    def perform(self, form):
        services.user_set_password(
            actor=self.request.user, user=self.account, password=form.cleaned_data["password"]
        )


class MembershipEndView(GlobalPermissionMixin, View):
    permission = Perm.USER_MANAGE

    def post(self, request, pk):
        membership = get_object_or_404(Membership, pk=pk, is_active=True)
        try:
            services.membership_end(actor=request.user, membership=membership)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The role was removed."))
        return redirect("accounts:user-detail", pk=membership.user_id)


class UserHistoryView(GlobalPermissionMixin, HistoryView):
    permission = Perm.AUDIT_VIEW

    def get_audited_object(self):
        return get_object_or_404(User, pk=self.kwargs["pk"])

    def get_entries(self, obj):
        """The user's own rows, and those of their roles and API tokens."""
        return history_for_all([obj, *obj.memberships.all(), *obj.api_tokens.all()])


class UserUnlockView(GlobalPermissionMixin, View):
    """Lift the lock-out of a user after wrong passwords (an administrator's action)."""

    permission = Perm.USER_MANAGE

    def post(self, request, pk):
        account = get_object_or_404(User, pk=pk)
        services.user_unlock(actor=request.user, user=account)
        messages.success(request, _("The user can log in again."))
        return redirect("accounts:user-detail", pk=pk)


class UserTwoFactorResetView(GlobalPermissionMixin, View):
    """Turn off a user's two-step verification (a lost phone); they set it up again."""

    permission = Perm.USER_MANAGE

    def post(self, request, pk):
        account = get_object_or_404(User, pk=pk)
        services.totp_device_remove(actor=request.user, user=account)
        messages.success(
            request, _("Two-step verification was turned off. The user can set it up again.")
        )
        return redirect("accounts:user-detail", pk=pk)


class TwoFactorView(LoginRequiredMixin, View):
    """The user's own two-step verification: set it up (QR code, secret, first code) or turn
    it off (with a current code). Only for the roles that may use it."""

    template_name = "accounts/two_factor.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not twofactor.may_use(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, form=None, status=200):
        user = request.user
        device = twofactor.confirmed_device(user)
        pending = None if device else twofactor.pending_device(user)
        context = {
            "device": device,
            "pending": pending,
            "required": twofactor.is_required(user),
            "form": form or forms.TotpCodeForm(),
        }
        if pending is not None:
            context["qr_svg"] = twofactor.qr_svg(pending)
            context["secret"] = twofactor.secret_text(pending)
        return render(request, self.template_name, context, status=status)


class TwoFactorStartView(TwoFactorView):
    def post(self, request):
        try:
            services.totp_device_start(actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("accounts:two-factor")


class TwoFactorConfirmView(TwoFactorView):
    def post(self, request):
        form = forms.TotpCodeForm(request.POST)
        if form.is_valid():
            try:
                device = services.totp_device_confirm(
                    actor=request.user, code=form.cleaned_data["code"]
                )
            except DomainError as error:
                form.add_error("code", error.message)
            else:
                otp_login(request, device)
                messages.success(
                    request,
                    _("Two-step verification is on: from now on, login asks for the code."),
                )
                return redirect("accounts:profile")
        return self.get(request, form=form, status=400)


class TwoFactorRemoveView(TwoFactorView):
    def post(self, request):
        form = forms.TotpCodeForm(request.POST)
        if form.is_valid():
            try:
                services.totp_device_remove(
                    actor=request.user, user=request.user, code=form.cleaned_data["code"]
                )
            except DomainError as error:
                form.add_error("code", error.message)
            else:
                messages.success(request, _("Two-step verification is off."))
                return redirect("accounts:profile")
        return self.get(request, form=form, status=400)
