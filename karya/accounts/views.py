"""Account pages (login, profile, password, API tokens) and user administration."""

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView

from karya.accounts import forms, selectors, services
from karya.accounts.mixins import GlobalPermissionMixin
from karya.accounts.models import ApiToken, Membership, User
from karya.accounts.permissions import Perm
from karya.audit.selectors import history_for_all
from karya.audit.views import HistoryView
from karya.core.errors import DomainError
from karya.core.views import ServiceFormView


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class ProfileView(LoginRequiredMixin, ServiceFormView):
    """The user's own page: memberships, API tokens (create, revoke)."""

    template_name = "accounts/profile.html"
    form_class = forms.ApiTokenForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["memberships"] = selectors.memberships_of(self.request.user).filter(is_active=True)
        context["tokens"] = self.request.user.api_tokens.filter(revoked_at__isnull=True)
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
