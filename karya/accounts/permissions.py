"""The one place that decides who may do what (DESIGN.md §4).

A user's permissions in a unit are the union of the permissions of the roles of every active
membership that covers that unit (its own unit, its region, or the country). Global
permissions (managing users and reference data) come from country-wide memberships only.
HTML views, the API and the templates all ask `access_for(user)`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from karya.accounts.choices import Role, ScopeType
from karya.accounts.models import Membership


class Perm(StrEnum):
    UNIT_VIEW = "unit.view"
    INMATE_VIEW = "inmate.view"
    INMATE_CHANGE = "inmate.change"
    INMATE_IMPORT = "inmate.import"
    AUDIT_VIEW = "audit.view"
    REFERENCE_MANAGE = "reference.manage"
    USER_MANAGE = "user.manage"
    WORKSHOP_VIEW = "workshop.view"
    WORKSHOP_MANAGE = "workshop.manage"
    ALLOCATION_MANAGE = "allocation.manage"
    ALLOCATION_OVERRIDE = "allocation.override"
    ATTENDANCE_RECORD = "attendance.record"
    TRAINING_MANAGE = "training.manage"
    TOOL_VIEW = "tool.view"
    TOOL_MANAGE = "tool.manage"
    WORKLIST_VIEW = "worklist.view"
    SKILLS_RECORD = "skills_record.print"
    PRODUCT_MANAGE = "product.manage"
    PARTNER_VIEW = "partner.view"
    PARTNER_MANAGE = "partner.manage"
    AGREEMENT_APPROVE = "agreement.approve"
    STOCK_VIEW = "stock.view"
    STOCK_MANAGE = "stock.manage"
    STOCK_APPROVE = "stock.approve"
    PRODUCTION_MANAGE = "production.manage"
    MATERIAL_MANAGE = "material.manage"
    SALES_VIEW = "sales.view"
    SALES_MANAGE = "sales.manage"
    PAYMENT_RECORD = "payment.record"
    NEWS_MANAGE = "news.manage"
    NEWS_APPROVE = "news.approve"
    FINANCE_VIEW = "finance.view"
    PNBP_MANAGE = "pnbp.manage"
    SPLIT_RULE_MANAGE = "split_rule.manage"
    PREMI_VIEW = "premi.view"
    PREMI_MANAGE = "premi.manage"
    PREMI_APPROVE = "premi.approve"
    REPORT_VIEW = "report.view"
    TARGET_MANAGE = "target.manage"


WORK_PROGRAMME = frozenset(
    {
        Perm.WORKSHOP_VIEW,
        Perm.WORKSHOP_MANAGE,
        Perm.ALLOCATION_MANAGE,
        Perm.ATTENDANCE_RECORD,
        Perm.TRAINING_MANAGE,
        Perm.TOOL_VIEW,
        Perm.TOOL_MANAGE,
        Perm.WORKLIST_VIEW,
        Perm.SKILLS_RECORD,
        Perm.PRODUCT_MANAGE,
        Perm.PARTNER_VIEW,
        Perm.PARTNER_MANAGE,
        Perm.PRODUCTION_MANAGE,
        Perm.MATERIAL_MANAGE,
    }
)

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.OFFICER: frozenset(
        {
            Perm.UNIT_VIEW,
            Perm.INMATE_VIEW,
            Perm.INMATE_CHANGE,
            Perm.INMATE_IMPORT,
            Perm.STOCK_VIEW,
            Perm.NEWS_MANAGE,
            Perm.REPORT_VIEW,
        }
    )
    | WORK_PROGRAMME,
    Role.OUTPUT_OFFICER: frozenset(
        {
            Perm.UNIT_VIEW,
            Perm.WORKSHOP_VIEW,
            Perm.PRODUCT_MANAGE,
            Perm.PARTNER_VIEW,
            Perm.PARTNER_MANAGE,
            Perm.STOCK_VIEW,
            Perm.STOCK_MANAGE,
            Perm.MATERIAL_MANAGE,
            Perm.SALES_VIEW,
            Perm.SALES_MANAGE,
            Perm.PAYMENT_RECORD,
            Perm.NEWS_MANAGE,
            Perm.REPORT_VIEW,
        }
    ),
    Role.TREASURER: frozenset(
        {
            Perm.UNIT_VIEW,
            Perm.INMATE_VIEW,
            Perm.WORKSHOP_VIEW,
            Perm.PARTNER_VIEW,
            Perm.STOCK_VIEW,
            Perm.SALES_VIEW,
            Perm.PAYMENT_RECORD,
            Perm.FINANCE_VIEW,
            Perm.PNBP_MANAGE,
            Perm.PREMI_VIEW,
            Perm.PREMI_MANAGE,
            Perm.REPORT_VIEW,
        }
    ),
    Role.HEAD: frozenset(
        {
            Perm.UNIT_VIEW,
            Perm.INMATE_VIEW,
            Perm.INMATE_CHANGE,
            Perm.INMATE_IMPORT,
            Perm.AUDIT_VIEW,
            Perm.ALLOCATION_OVERRIDE,
            Perm.AGREEMENT_APPROVE,
            Perm.STOCK_VIEW,
            Perm.STOCK_MANAGE,
            Perm.STOCK_APPROVE,
            Perm.SALES_VIEW,
            Perm.SALES_MANAGE,
            Perm.PAYMENT_RECORD,
            Perm.NEWS_MANAGE,
            Perm.NEWS_APPROVE,
            Perm.FINANCE_VIEW,
            Perm.PNBP_MANAGE,
            Perm.PREMI_VIEW,
            Perm.PREMI_APPROVE,
            Perm.REPORT_VIEW,
        }
    )
    | WORK_PROGRAMME,
    Role.PR: frozenset({Perm.UNIT_VIEW, Perm.PARTNER_VIEW, Perm.NEWS_MANAGE}),
    Role.SECURITY: frozenset({Perm.UNIT_VIEW, Perm.WORKLIST_VIEW, Perm.TOOL_VIEW}),
    Role.REGIONAL: frozenset({Perm.UNIT_VIEW, Perm.REPORT_VIEW}),
    # Split rules are national policy (the PNBP share is state revenue): Ditjenpas and the
    # national administrator set them for the country, a unit or a workshop; units only read.
    # Ditjenpas also sets each unit's yearly targets (karya.reports).
    Role.NATIONAL: frozenset(
        {Perm.UNIT_VIEW, Perm.SPLIT_RULE_MANAGE, Perm.REPORT_VIEW, Perm.TARGET_MANAGE}
    ),
    Role.ADMIN: frozenset(
        {Perm.REFERENCE_MANAGE, Perm.USER_MANAGE, Perm.AUDIT_VIEW, Perm.SPLIT_RULE_MANAGE}
    ),
    Role.PARTNER: frozenset(),
}


@dataclass
class Access:
    """What one user may do, computed once per request from the user's active memberships."""

    memberships: list[Membership] = field(default_factory=list)

    def _covers(self, membership: Membership, facility) -> bool:
        if membership.scope == ScopeType.PARTNER:
            return False  # a partner's user sees no unit, only its partner's own records
        if membership.scope == ScopeType.COUNTRY:
            return True
        if membership.scope == ScopeType.REGION:
            return membership.region_id == facility.region_id
        return membership.facility_id == facility.pk

    def roles_in(self, facility) -> set[str]:
        return {m.role for m in self.memberships if self._covers(m, facility)}

    def permissions_in(self, facility) -> frozenset[Perm]:
        perms: set[Perm] = set()
        for role in self.roles_in(facility):
            perms |= ROLE_PERMISSIONS[role]
        return frozenset(perms)

    @property
    def global_permissions(self) -> frozenset[Perm]:
        perms: set[Perm] = set()
        for m in self.memberships:
            if m.scope == ScopeType.COUNTRY:
                perms |= ROLE_PERMISSIONS[m.role]
        return frozenset(perms)

    def covers(self, facility) -> bool:
        return any(self._covers(m, facility) for m in self.memberships)

    def _covers_region(self, membership: Membership, region) -> bool:
        if membership.scope == ScopeType.COUNTRY:
            return True
        return membership.scope == ScopeType.REGION and membership.region_id == region.pk

    def covers_region(self, region) -> bool:
        """Whether the user reads the region as a whole (its Kanwil staff, or the country's)."""
        return any(self._covers_region(m, region) for m in self.memberships)

    def can_in_region(self, perm: Perm, region) -> bool:
        """A permission over a whole region: from region-wide and country-wide memberships."""
        return any(
            self._covers_region(m, region) and perm in ROLE_PERMISSIONS[m.role]
            for m in self.memberships
        )

    def can(self, perm: Perm, facility=None) -> bool:
        """In a unit when `facility` is given, else globally (country-wide memberships)."""
        if facility is None:
            return perm in self.global_permissions
        return perm in self.permissions_in(facility)

    @property
    def home_facilities(self) -> list:
        """The units the user works in (unit-scoped memberships), for the unit switcher."""
        seen = {}
        for m in self.memberships:
            if m.scope == ScopeType.FACILITY and m.facility_id not in seen:
                seen[m.facility_id] = m.facility
        return sorted(seen.values(), key=lambda f: f.name)

    @property
    def partners(self) -> list:
        """The partners whose own user this is (partner-scoped memberships)."""
        return [m.partner for m in self.memberships if m.scope == ScopeType.PARTNER]

    @property
    def is_partner_user(self) -> bool:
        """Only a partner's own user (every membership is partner-scoped): the partner portal
        is all this user sees; every staff page answers 404."""
        return bool(self.memberships) and all(
            m.scope == ScopeType.PARTNER for m in self.memberships
        )

    @property
    def regions(self) -> list:
        """The regions the user reads as Kanwil staff (region-scoped memberships)."""
        seen = {}
        for m in self.memberships:
            if m.scope == ScopeType.REGION and m.region_id not in seen:
                seen[m.region_id] = m.region
        return sorted(seen.values(), key=lambda r: r.name)

    @property
    def region_ids(self) -> set[int]:
        return {m.region_id for m in self.memberships if m.scope == ScopeType.REGION}

    @property
    def is_national(self) -> bool:
        """Reads every unit (Ditjenpas staff); administrators manage, they do not read units."""
        return any(
            m.scope == ScopeType.COUNTRY and Perm.UNIT_VIEW in ROLE_PERMISSIONS[m.role]
            for m in self.memberships
        )


def access_for(user) -> Access:
    """The user's access, cached on the user object for the rest of the request."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Access()
    cached = getattr(user, "_karya_access", None)
    if cached is None:
        memberships = list(
            Membership.objects.active()
            .filter(user=user)
            .select_related("facility", "region", "partner__facility")
        )
        cached = Access(memberships)
        user._karya_access = cached
    return cached
