from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    KERAJINAN = "kerajinan", _("Handicraft")
    BATIK = "batik", _("Batik")
    ANYAMAN = "anyaman", _("Weaving")
    KAYU = "kayu", _("Wood and furniture")
    KULINER = "kuliner", _("Food")
    JASA = "jasa", _("Services")
    PERTANIAN = "pertanian", _("Farming")
    PETERNAKAN = "peternakan", _("Livestock")
    PERIKANAN = "perikanan", _("Fishery")
    KONVEKSI = "konveksi", _("Garments")
    LAINNYA = "lainnya", _("Other")


class ContributionBasis(models.TextChoices):
    PIECES = "pieces", _("Pieces made")
    HOURS = "hours", _("Hours worked")
    DAYS = "days", _("Days present")


class WorkSession(models.TextChoices):
    MORNING = "pagi", _("Morning")
    AFTERNOON = "siang", _("Afternoon")
    FULL_DAY = "penuh", _("Full day")


# Sessions that overlap: a full day clashes with both halves.
SESSION_OVERLAPS = {
    WorkSession.MORNING: {WorkSession.MORNING, WorkSession.FULL_DAY},
    WorkSession.AFTERNOON: {WorkSession.AFTERNOON, WorkSession.FULL_DAY},
    WorkSession.FULL_DAY: {WorkSession.MORNING, WorkSession.AFTERNOON, WorkSession.FULL_DAY},
}

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class ApplicationStatus(models.TextChoices):
    WAITING = "menunggu", _("Waiting")
    APPROVED = "disetujui", _("Approved")
    DECLINED = "ditolak", _("Declined")


class AllocationStatus(models.TextChoices):
    PENDING = "PENDING", _("Pending")
    ACTIVE = "ACTIVE", _("Active")
    SUSPENDED = "SUSPENDED", _("Suspended")
    ENDED = "ENDED", _("Ended")


ALLOCATION_TRANSITIONS = {
    AllocationStatus.PENDING: {AllocationStatus.ACTIVE, AllocationStatus.ENDED},
    AllocationStatus.ACTIVE: {AllocationStatus.SUSPENDED, AllocationStatus.ENDED},
    AllocationStatus.SUSPENDED: {AllocationStatus.ACTIVE, AllocationStatus.ENDED},
    AllocationStatus.ENDED: set(),
}
OPEN_ALLOCATION_STATUSES = (
    AllocationStatus.PENDING,
    AllocationStatus.ACTIVE,
    AllocationStatus.SUSPENDED,
)


class EndReason(models.TextChoices):
    RELEASED = "bebas", _("Released")
    TRANSFERRED = "pindah", _("Transferred")
    COMPLETED = "selesai", _("Completed")
    DISMISSED = "diberhentikan", _("Dismissed")
    HEALTH = "kesehatan", _("Health")
    SECURITY = "keamanan", _("Security")
    OWN_REQUEST = "permintaan", _("Own request")
    WORKSHOP_CLOSED = "bengkel_tutup", _("Workshop closed")
    OTHER = "lainnya", _("Other")


class AttendanceStatus(models.TextChoices):
    PRESENT = "hadir", _("Present (hadir)")
    SICK = "sakit", _("Sick (sakit)")
    EXCUSED = "izin", _("Excused (izin)")
    COURT = "sidang", _("Court hearing (sidang)")
    VISIT = "kunjungan", _("Visit (kunjungan)")
    REFUSED = "menolak", _("Refused (menolak)")
    DAY_OFF = "libur", _("Day off (libur)")


class TrainingResult(models.TextChoices):
    COMPETENT = "kompeten", _("Competent (kompeten)")
    NOT_YET = "belum_kompeten", _("Not yet competent (belum kompeten)")


class CertificateIssuer(models.TextChoices):
    BNSP = "BNSP", "BNSP"
    LSP = "LSP", "LSP"
    BLK = "BLK", "BLK"
    OTHER = "lainnya", _("Other")


class SuitabilityRule(models.TextChoices):
    CLASSIFICATION = "classification", _("Security classification")
    STAGE = "stage", _("Pembinaan stage")
    RELEASE = "release", _("Release date")
    SESSION = "session", _("Another allocation in the same session")
    CAPACITY = "capacity", _("Capacity")
    PRESENT = "present", _("Inmate in the unit")
