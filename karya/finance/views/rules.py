"""National pages of the split rules (Perm.SPLIT_RULE_MANAGE: Ditjenpas and the national
administrator): every rule version of the country, a new rule for the country, a unit or a
workshop, one rule with its versions, and the next version of a rule."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView
from django_scopes import scope

from karya.accounts.mixins import GlobalPermissionMixin
from karya.accounts.permissions import Perm
from karya.core.dates import today_in
from karya.facilities.models import Facility
from karya.finance import forms, selectors
from karya.finance.choices import RuleScope
from karya.finance.services.rules import Shares, split_rule_create, split_rule_supersede
from karya.finance.views.common import FormPage, describe
from karya.programs.models import Workshop

NATIONAL_ZONE = "Asia/Jakarta"  # the national pages date "today" in WIB, as Ditjenpas does


def _today():
    return today_in(NATIONAL_ZONE)


def _terms(data: dict) -> dict:
    return {
        "name": data["name"],
        "base": data["base"],
        "shares": Shares(data["premi"], data["pnbp"], data["capital"]),
        "legal_basis": data["legal_basis"],
        "valid_from": data["valid_from"],
        "valid_to": data["valid_to"],
    }


def _rule_or_404(pk: int):
    rule = selectors.split_rule_get(pk=pk)
    if rule is None:
        raise Http404
    return rule


class SplitRuleListView(GlobalPermissionMixin, ListView):
    """Every version of every rule, by where it applies; filter by scope or unit."""

    permission = Perm.SPLIT_RULE_MANAGE
    template_name = "finance/rule_list.html"
    context_object_name = "rules"
    paginate_by = 100

    @cached_property
    def facility(self):
        code = self.request.GET.get("upt", "").strip().upper()
        return Facility.objects.filter(code=code).first() if code else None

    def get_queryset(self):
        scope_asked = self.request.GET.get("cakupan", "")
        return selectors.split_rule_list(
            scope=scope_asked if scope_asked in RuleScope.values else "",
            facility=self.facility,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        describe(context["rules"], _today())
        context.update(
            scopes=RuleScope.choices,
            facilities=Facility.objects.filter(is_active=True)
            .order_by("name")
            .only("code", "name"),
            chosen_facility=self.facility,
        )
        return context


class SplitRuleCreateView(GlobalPermissionMixin, FormPage):
    """A new rule. `?upt=<code>` names the unit whose workshops can be chosen."""

    permission = Perm.SPLIT_RULE_MANAGE
    form_class = forms.SplitRuleForm
    heading = gettext_lazy("New split rule")
    intro = gettext_lazy(
        "A rule applies from its first day to money received from then on; a split made is "
        "never recalculated. The most specific rule valid on the day paid applies: the "
        "workshop's, else the unit's, else the national one."
    )
    success_message = gettext_lazy("The split rule was saved.")
    template_name = "finance/rule_form.html"

    @cached_property
    def unit(self):
        code = self.request.GET.get("upt", "").strip().upper()
        return Facility.objects.filter(code=code, is_active=True).first() if code else None

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.unit is not None:
            with scope(facility=[self.unit.pk]):
                kwargs["workshops"] = Workshop.objects.filter(facility=self.unit).order_by("name")
                list(kwargs["workshops"])  # evaluated inside the unit's scope
        else:
            kwargs["workshops"] = Workshop.objects.none()
        return kwargs

    def get_initial(self):
        initial = {"valid_from": _today()}
        if self.unit is not None:
            initial.update(scope=RuleScope.FACILITY, facility=self.unit)
        return initial

    def get_back_url(self):
        return reverse("split_rules:list")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            unit=self.unit,
            facilities=Facility.objects.filter(is_active=True)
            .order_by("name")
            .only("code", "name"),
            **kwargs,
        )

    def perform(self, form):
        data = form.cleaned_data
        return split_rule_create(
            actor=self.request.user,
            scope=data["scope"],
            facility=data["facility"],
            workshop=data["workshop"],
            **_terms(data),
        )

    def get_success_url(self):
        return reverse("split_rules:detail", args=[self.object.pk])


class SplitRuleDetailView(GlobalPermissionMixin, TemplateView):
    """One rule with all its versions, oldest first."""

    permission = Perm.SPLIT_RULE_MANAGE
    template_name = "finance/rule_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rule = _rule_or_404(self.kwargs["pk"])
        versions = selectors.split_rule_versions(rule=rule)
        describe(versions, _today())
        latest = versions[-1]
        context.update(
            rule=next(v for v in versions if v.pk == rule.pk), versions=versions, latest=latest
        )
        return context


class SplitRuleSupersedeView(GlobalPermissionMixin, FormPage):
    """The next version of a rule (only the latest version can be replaced)."""

    permission = Perm.SPLIT_RULE_MANAGE
    form_class = forms.SupersedeForm
    success_message = gettext_lazy(
        "The new version was saved; the old one applies until the day before."
    )

    @cached_property
    def rule(self):
        return _rule_or_404(self.kwargs["pk"])

    @property
    def heading(self):
        return _("New version of %(rule)s") % {"rule": self.rule}

    def get_initial(self):
        rule = self.rule
        return {
            "name": rule.name,
            "base": rule.base,
            "premi": rule.premi_percent,
            "pnbp": rule.pnbp_percent,
            "capital": rule.capital_percent,
            "legal_basis": rule.legal_basis,
            "valid_from": max(_today(), rule.valid_from),
        }

    def get_back_url(self):
        return reverse("split_rules:detail", args=[self.rule.pk])

    def perform(self, form):
        data = form.cleaned_data
        return split_rule_supersede(
            actor=self.request.user, rule=self.rule, reason=data["reason"], **_terms(data)
        )

    def get_success_url(self):
        return reverse("split_rules:detail", args=[self.object.pk])
