"""Portal logins from the partner's page: an officer who manages partners gives one of the
partner's people a login to the partner portal and ends it again; every step is audited; bad
input is refused next to its field and writes nothing; readers, other units, partner users
and anonymous visitors cannot do it."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from django_scopes import scopes_disabled

from karya.accounts.models import Membership, User
from karya.accounts.services import membership_create
from karya.audit.models import AuditEntry
from karya.partners.models import Partner
from karya.partners.tests.conftest import url
from karya.tests.factories import grant

pytestmark = pytest.mark.django_db

PASSWORD = "sapu-lidi-2026!"


@pytest.fixture
def manager(make_user, facility):
    return make_user("output_officer", facility=facility, username="hasilkerja")


def create_url(facility, partner, contact=None):
    target = url("partner-portal-user-create", facility, partner.pk)
    return f"{target}?kontak={contact.pk}" if contact else target


def deactivate_url(facility, partner, user):
    return url("partner-portal-user-deactivate", facility, partner.pk, user.pk)


def form(**fields):
    return {
        "full_name": "Budi Santoso",
        "email": "budi@pusathandicraft.id",
        "username": "budi.handicraft",
        "password": PASSWORD,
        "password_again": PASSWORD,
    } | fields


def portal_user(partner, username="sari.handicraft"):
    user = User.objects.create_user(username=username, password=PASSWORD, full_name="Budi")
    membership_create(actor=None, user=user, role="partner", partner=partner)
    return user


def test_a_contact_gets_a_login_and_lands_on_the_portal(login, manager, facility, ours):
    client = login(manager)
    page = client.get(reverse("partners:partner-detail", args=[facility.code, ours.partner.pk]))
    assert create_url(facility, ours.partner, ours.contact) in page.text

    response = client.get(create_url(facility, ours.partner, ours.contact))
    assert response.status_code == 200
    assert response.context["form"].initial == {"full_name": "Budi Santoso", "email": ""}

    response = client.post(create_url(facility, ours.partner), form())
    assert response.status_code == 302
    assert response.url.endswith("#portal-users")
    user = User.objects.get(username="budi.handicraft")
    assert (user.full_name, user.email, user.is_active) == (
        "Budi Santoso",
        "budi@pusathandicraft.id",
        True,
    )
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.scope, membership.partner_id, membership.is_active) == (
        "partner",
        "partner",
        ours.partner.pk,
        True,
    )
    page = client.get(reverse("partners:partner-detail", args=[facility.code, ours.partner.pk]))
    assert [m.user.username for m in page.context["portal_users"]] == ["budi.handicraft"]

    newcomer = Client()
    assert newcomer.login(username="budi.handicraft", password=PASSWORD)
    assert newcomer.get("/").url == reverse("portal:dashboard")
    assert newcomer.get(reverse("portal:dashboard")).status_code == 200


def test_creating_and_ending_a_login_is_audited_and_shown_in_the_partners_history(
    login, make_user, manager, facility, ours
):
    client = login(manager)
    client.post(create_url(facility, ours.partner), form())
    user = User.objects.get(username="budi.handicraft")
    membership = Membership.objects.get(user=user)
    client.post(deactivate_url(facility, ours.partner, user))

    def rows(instance):
        return list(
            AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(instance),
                object_id=str(instance.pk),
            )
            .order_by("pk")
            .values_list("action", "actor_id")
        )

    assert rows(user) == [("create", manager.pk), ("update", manager.pk)]
    assert rows(membership) == [("create", manager.pk), ("update", manager.pk)]
    assert all(PASSWORD not in str(entry.changes) for entry in AuditEntry.objects.all())

    head = make_user("head", facility=facility)
    history = login(head).get(url("partner-history", facility, ours.partner.pk))
    assert history.status_code == 200
    entries = {(e.content_type.model, e.object_id) for e in history.context["entries"]}
    assert ("membership", str(membership.pk)) in entries and ("user", str(user.pk)) in entries


def test_deactivating_ends_the_login(login, manager, facility, ours):
    user = portal_user(ours.partner)
    response = login(manager).post(deactivate_url(facility, ours.partner, user))
    assert response.status_code == 302 and response.url.endswith("#portal-users")
    user.refresh_from_db()
    assert not user.is_active
    assert not Membership.objects.filter(user=user, is_active=True).exists()
    assert Membership.objects.filter(user=user).count() == 1  # ended, kept for history
    assert not Client().login(username=user.username, password=PASSWORD)


def test_a_person_who_also_uses_another_partners_portal_keeps_that_one(
    login, manager, facility, ours, theirs
):
    user = portal_user(ours.partner)
    membership_create(actor=None, user=user, role="partner", partner=theirs.partner)
    login(manager).post(deactivate_url(facility, ours.partner, user))
    user.refresh_from_db()
    assert user.is_active
    assert list(Membership.objects.filter(user=user, is_active=True).values_list("partner_id")) == [
        (theirs.partner.pk,)
    ]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"username": "petugas"}, "username", "already taken"),
        ({"username": "budi handicraft"}, "username", "valid username"),
        ({"username": ""}, "username", "required"),
        ({"full_name": "  "}, "full_name", "required"),
        ({"password": "12345678", "password_again": "12345678"}, "password", "common"),
        ({"password_again": "lain-sekali-2026"}, "password_again", "not the same"),
        ({"email": "bukan-email"}, "email", "valid email"),
    ],
)
def test_bad_input_is_refused_next_to_its_field(
    login, manager, make_user, facility, ours, fields, field, message
):
    make_user(username="petugas")
    before = User.objects.count()
    client = login(manager)
    client.cookies.load({"django_language": "en"})
    response = client.post(create_url(facility, ours.partner), form(**fields))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    assert message in " ".join(errors[field]).lower() or message in " ".join(errors[field])
    assert User.objects.count() == before
    assert not Membership.objects.filter(role="partner").exists()


def test_an_inactive_partner_gets_no_new_login(login, manager, facility, ours):
    with scopes_disabled():
        Partner.objects.filter(pk=ours.partner.pk).update(is_active=False)
    response = login(manager).post(create_url(facility, ours.partner), form())
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert not User.objects.filter(username="budi.handicraft").exists()


def test_deactivating_someone_who_is_no_portal_user_of_the_partner_is_404(
    login, manager, facility, ours, theirs, make_user
):
    client = login(manager)
    officer = make_user("officer", facility=facility)
    assert client.post(deactivate_url(facility, ours.partner, officer)).status_code == 404
    other = portal_user(theirs.partner)  # another unit's partner's user, through our partner
    assert client.post(deactivate_url(facility, ours.partner, other)).status_code == 404
    assert client.post(deactivate_url(facility, theirs.partner, other)).status_code == 404
    other.refresh_from_db()
    officer.refresh_from_db()
    assert other.is_active and officer.is_active


def test_deactivating_needs_a_post(login, manager, facility, ours):
    user = portal_user(ours.partner)
    assert login(manager).get(deactivate_url(facility, ours.partner, user)).status_code == 405


@pytest.mark.parametrize("role", ["pr", "treasurer", "security"])
def test_who_cannot_manage_partners_gets_403(login, make_user, facility, ours, role):
    user = portal_user(ours.partner)
    client = login(make_user(role, facility=facility))
    assert client.get(create_url(facility, ours.partner)).status_code == 403
    assert client.post(create_url(facility, ours.partner), form()).status_code == 403
    assert client.post(deactivate_url(facility, ours.partner, user)).status_code == 403
    user.refresh_from_db()
    assert user.is_active and not User.objects.filter(username="budi.handicraft").exists()
    if role != "security":  # readers see the logins but no controls
        page = client.get(reverse("partners:partner-detail", args=[facility.code, ours.partner.pk]))
        assert "sari.handicraft" in page.text
        assert deactivate_url(facility, ours.partner, user) not in page.text


def test_outsiders_get_404_or_the_login_page(
    client, login, make_user, facility, other_facility, ours
):
    user = portal_user(ours.partner)
    targets = [create_url(facility, ours.partner), deactivate_url(facility, ours.partner, user)]
    for target in targets:
        response = client.post(target, form())
        assert response.status_code == 302 and reverse("accounts:login") in response.url
    stranger = make_user()
    grant(stranger, "head", facility=other_facility)
    for visitor in (stranger, user):  # another unit's head; a partner's own user
        for target in targets:
            assert login(visitor).post(target, form()).status_code == 404
    user.refresh_from_db()
    assert user.is_active
    assert not User.objects.filter(username="budi.handicraft").exclude(pk=user.pk).exists()


def test_another_units_partner_through_our_url_is_404(login, manager, facility, theirs):
    client = login(manager)
    assert client.get(create_url(facility, theirs.partner)).status_code == 404
    assert client.post(create_url(facility, theirs.partner), form()).status_code == 404
    assert not User.objects.filter(username="budi.handicraft").exists()
