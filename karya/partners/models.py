"""Partners (mitra) of a unit, their agreements from the first contact to the PKS, the rights
and obligations of each side, and the visits with their follow-ups."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from karya.core.files import file_extension
from karya.partners.choices import AgreementStatus, LegalForm, Party, VisitKind

npwp_validator = RegexValidator(
    r"^(\d{15}|\d{16})$",
    _("An NPWP has 16 digits (or the old 15); dots and dashes are ignored."),
)


class Partner(models.Model):
    """A partner of one unit (mitra): a company, shop, cooperative, BLK or agency.

    Invariants: the legal name is unique in the unit; the NPWP, when given, is 15 or 16 digits
    (stored without punctuation) and unique in the unit. A company that works with two units is
    recorded by each of them (each keeps its own contacts and history)."""

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="partners",
        verbose_name=_("unit"),
    )
    legal_form = models.CharField(_("legal form"), max_length=10, choices=LegalForm.choices)
    legal_name = models.CharField(_("legal name"), max_length=200)
    npwp = models.CharField(_("NPWP"), max_length=16, blank=True, validators=[npwp_validator])
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("city or regency"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["legal_name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["facility", "legal_name"], name="partner_unique_name"),
            models.UniqueConstraint(
                fields=["facility", "npwp"], condition=~Q(npwp=""), name="partner_unique_npwp"
            ),
        ]

    def __str__(self) -> str:
        return self.legal_name


class PartnerContact(models.Model):
    """A person at the partner the unit deals with."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class Agreement(models.Model):
    """A cooperation between the unit and a partner, from exploration to the PKS.

    States: EXPLORATION → MOU → PKS → EXPIRED / TERMINATED (EXPLORATION and MOU may also be
    TERMINATED). The moves to MOU and PKS are requested (`pending_status`) and take effect only
    when a head approves. A PKS has start and end dates (5 years by default). A renewal is a
    new agreement whose `renewal_of` is the old one. `schemes` lists Scheme values."""

    facility = models.ForeignKey(
        "facilities.Facility",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("unit"),
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("partner")
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AgreementStatus.choices,
        default=AgreementStatus.EXPLORATION,
    )
    pending_status = models.CharField(
        _("awaiting approval to become"), max_length=12, choices=AgreementStatus.choices, blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(null=True, blank=True)
    schemes = models.JSONField(_("schemes"), default=list, blank=True)
    number = models.CharField(_("agreement number"), max_length=100, blank=True)
    mou_signed_on = models.DateField(_("MoU signed on"), null=True, blank=True)
    pks_signed_on = models.DateField(_("PKS signed on"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    commission_percent = models.DecimalField(
        _("partner's commission (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    maklon_fee_per_unit = models.DecimalField(
        _("maklon fee per unit (Rp)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    payment_terms = models.TextField(_("payment terms"), blank=True)
    unit_signatory = models.CharField(_("signatory of the unit"), max_length=200, blank=True)
    partner_signatory = models.CharField(_("signatory of the partner"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason it ended"), max_length=300, blank=True)
    renewal_of = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="renewed_by",
        verbose_name=_("renews"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                name="agreement_pks_has_dates",
                condition=~Q(status="PKS")
                | (
                    Q(start_date__isnull=False)
                    & Q(end_date__isnull=False)
                    & Q(pks_signed_on__isnull=False)
                ),
            ),
            models.CheckConstraint(
                name="agreement_dates_ordered",
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
            ),
        ]
        indexes = [models.Index(fields=["facility", "status", "end_date"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.partner})"


class AgreementProduct(models.Model):
    """A product the agreement covers, with the agreed price (per unit, rupiah)."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="products")
    product = models.ForeignKey(
        "production.Product",
        on_delete=models.PROTECT,
        related_name="agreements",
        verbose_name=_("product"),
    )
    agreed_price = models.DecimalField(
        _("agreed price (Rp)"), max_digits=14, decimal_places=0, validators=[MinValueValidator(0)]
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["product__name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "product"], name="agreement_product_once")
        ]

    def __str__(self) -> str:
        return f"{self.product} @ {self.agreed_price}"


def document_path(instance, filename: str) -> str:
    """Uploaded names are never used: a random name keeps hostile paths out."""
    extension = file_extension(filename, "bin")
    return f"agreements/{instance.facility.code}/{uuid.uuid4().hex}.{extension}"


class AgreementDocument(models.Model):
    """A signed scan or other document of an agreement (PDF or image, size-limited)."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class Obligation(models.Model):
    """A right or obligation (hak dan kewajiban) of one side, as a checklist item.
    Invariant: fulfilled items have a date, who marked them and the evidence."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="obligations")
    party = models.CharField(_("side"), max_length=5, choices=Party.choices)
    description = models.CharField(_("obligation"), max_length=300)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    fulfilled_on = models.DateField(_("fulfilled on"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=300, blank=True)
    fulfilled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        constraints = [
            models.CheckConstraint(
                name="obligation_fulfilment_complete",
                condition=Q(fulfilled_on__isnull=True, evidence="")
                | (Q(fulfilled_on__isnull=False) & ~Q(evidence="")),
            ),
        ]

    def __str__(self) -> str:
        return self.description


class PartnerVisit(models.Model):
    """A dated visit of or to a partner: exploration, monitoring or evaluation."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="visits", verbose_name=_("partner")
    )
    agreement = models.ForeignKey(
        Agreement,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("agreement"),
    )
    kind = models.CharField(_("kind of visit"), max_length=12, choices=VisitKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    monitored = models.TextField(_("what was monitored"), blank=True)
    findings = models.TextField(_("findings"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [
            models.CheckConstraint(
                name="visit_times_ordered",
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.partner} {self.starts_at:%Y-%m-%d}"


def visit_photo_path(instance, filename: str) -> str:
    """A random name under the unit's folder; the extension comes from the cleaned image."""
    extension = file_extension(filename, "jpg")
    return f"visits/{instance.facility.code}/{uuid.uuid4().hex}.{extension}"


class VisitPhoto(models.Model):
    """A photo taken at a visit, re-encoded without metadata (photos are taken inside a
    prison: no GPS, no camera data). Never shown outside the unit."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey(PartnerVisit, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=visit_photo_path, max_length=200)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")

    def __str__(self) -> str:
        return self.caption or f"{self.visit} #{self.pk}"


class FollowUp(models.Model):
    """An action agreed at a visit, with its owner and due date."""

    facility = models.ForeignKey("facilities.Facility", on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey(PartnerVisit, on_delete=models.CASCADE, related_name="follow_ups")
    action = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ScopedManager(facility="facility")

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return self.action


class ReminderSent(models.Model):
    """That one reminder was sent, so `karya remind` never sends it twice. `key` names the
    reminder, e.g. "agreement-end:12:30" or "obligation-overdue:7"."""

    key = models.CharField(max_length=120, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
