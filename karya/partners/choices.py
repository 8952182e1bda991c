from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalForm(models.TextChoices):
    CV = "CV", "CV"
    PT = "PT", "PT"
    UD = "UD", "UD"
    KOPERASI = "koperasi", _("Cooperative (koperasi)")
    TOKO = "toko", _("Shop (toko)")
    UMKM = "UMKM", "UMKM"
    BLK = "BLK", "BLK"
    INSTANSI = "instansi", _("Government agency (instansi)")
    OTHER = "lainnya", _("Other")


class Scheme(models.TextChoices):
    MAKLON = "maklon", _("Maklon (partner supplies material, pays a fee per unit)")
    KONSINYASI = "konsinyasi", _("Consignment / marketing (konsinyasi)")
    BELI_PUTUS = "beli_putus", _("Outright purchase (beli putus)")
    PELATIHAN = "pelatihan", _("Training / technical assistance (pendampingan)")
    PEMASOK = "pemasok", _("Raw-material supplier (pemasok bahan)")


class AgreementStatus(models.TextChoices):
    EXPLORATION = "EXPLORATION", _("Exploration (penjajakan)")
    MOU = "MOU", _("MoU signed")
    PKS = "PKS", _("PKS active")
    EXPIRED = "EXPIRED", _("Expired")
    TERMINATED = "TERMINATED", _("Terminated")


# Moves a head must approve, and the moves that need no approval.
APPROVED_MOVES = {
    AgreementStatus.EXPLORATION: {AgreementStatus.MOU},
    AgreementStatus.MOU: {AgreementStatus.PKS},
}
DIRECT_MOVES = {
    AgreementStatus.EXPLORATION: {AgreementStatus.TERMINATED},
    AgreementStatus.MOU: {AgreementStatus.TERMINATED},
    AgreementStatus.PKS: {AgreementStatus.EXPIRED, AgreementStatus.TERMINATED},
}
OPEN_STATUSES = (AgreementStatus.EXPLORATION, AgreementStatus.MOU, AgreementStatus.PKS)


class Party(models.TextChoices):
    UNIT = "upt", _("The unit (Pihak Pertama)")
    PARTNER = "mitra", _("The partner (Pihak Kedua)")


class VisitKind(models.TextChoices):
    EXPLORATION = "penjajakan", _("Exploration")
    MONITORING = "monitoring", _("Monitoring")
    EVALUATION = "evaluasi", _("Evaluation")
