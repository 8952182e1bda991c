"""Kinds of events in the activity log and the states of a press release."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    PARTNER_VISIT = "partner_visit", _("Partner visit or exploration")
    MONITORING = "monitoring", _("Monitoring")
    PICKUP = "pickup", _("Pick-up of goods")
    SIGNING = "signing", _("Agreement signing")
    TRAINING = "training", _("Training")
    BAZAAR = "bazaar", _("Bazaar or exhibition")
    HARVEST = "harvest", _("Harvest")
    OTHER = "other", _("Other")


class ReleaseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting the head's approval")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")


EDITABLE_STATUSES = (ReleaseStatus.DRAFT, ReleaseStatus.SUBMITTED, ReleaseStatus.APPROVED)
