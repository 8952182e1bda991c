"""The guide inside Karya: every role reads its chapters, a partner's user only the partner's
and the public one, a visitor only the public one; the "Bantuan" link of a page opens the
chapter (and section) that explains it, preferring the reader's own role."""

import pytest
from django.urls import reverse

from karya.handbook import chapters
from karya.partners.models import Partner

pytestmark = pytest.mark.django_db

UNIT_ROLES = ["officer", "output_officer", "treasurer", "head", "pr", "security"]


@pytest.fixture
def partner_user(make_user, facility):
    from django_scopes import scopes_disabled

    from karya.accounts.services import membership_create

    with scopes_disabled():
        partner = Partner.objects.create(facility=facility, legal_form="CV", legal_name="CV. X")
    user = make_user()
    membership_create(actor=None, user=user, role="partner", partner=partner)
    return user


def staff_users(make_user, facility):
    users = [(role, make_user(role, facility=facility)) for role in UNIT_ROLES]
    users.append(("regional", make_user("regional", region=facility.region)))
    users += [(role, make_user(role)) for role in ("national", "admin")]
    return users


def help_link(response) -> str:
    html = response.content.decode()
    start = html.index('rel="help"')
    tag = html[html.rindex("<a", 0, start) : html.index(">", start)]
    return tag.split('href="', 1)[1].split('"', 1)[0]


def test_a_visitor_reads_only_the_public_chapter(client):
    response = client.get(reverse("handbook:chapter", args=["publik"]))
    assert response.status_code == 200
    assert "Pengunjung situs publik" in response.content.decode()
    for url in [
        reverse("handbook:index"),
        reverse("handbook:pdf"),
        reverse("handbook:operations-id"),
        reverse("handbook:chapter", args=["petugas-hasil-kerja"]),
        reverse("handbook:chapter", args=["tidak-ada"]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"], url


def test_every_role_reads_every_chapter_with_its_pictures(make_user, facility, login):
    guide = chapters.chapters()
    for role, user in staff_users(make_user, facility):
        client = login(user)
        index = client.get(reverse("handbook:index")).content.decode()
        for chapter in guide:
            assert chapter.title in index, (role, chapter.slug)
        for chapter in guide:
            response = client.get(reverse("handbook:chapter", args=[chapter.slug]))
            assert response.status_code == 200, (role, chapter.slug)
            html = response.content.decode()
            assert f'<h1 id="{chapter.slug}">{chapter.title}</h1>' in html
            for image in chapter.images:
                assert f'src="/bantuan/gambar/{image}"' in html, (chapter.slug, image)


def test_a_partners_user_reads_the_partner_and_public_chapters_only(partner_user, login):
    client = login(partner_user)
    index = client.get(reverse("handbook:index")).content.decode()
    assert "Mitra (portal mitra)" in index and "Pengunjung situs publik" in index
    assert "Petugas Kegiatan Kerja" not in index and "Panduan operasi" not in index
    assert client.get(reverse("handbook:chapter", args=["mitra"])).status_code == 200
    assert client.get(reverse("handbook:chapter", args=["kepala"])).status_code == 404
    assert client.get(reverse("handbook:operations-en")).status_code == 404
    portal = client.get(reverse("portal:dashboard"))
    assert help_link(portal) == "/bantuan/mitra/#portal"


def test_the_pictures_are_shown_only_to_those_who_may_read_their_chapter(
    client, make_user, facility, login, partner_user
):
    public = chapters.chapter("publik").images[0]
    staff = chapters.chapter("petugas-kegiatan-kerja").images[0]
    partner = chapters.chapter("mitra").images[0]
    picture = client.get(reverse("handbook:image", args=[public]))
    assert picture.status_code == 200 and picture["Content-Type"] == "image/webp"
    assert b"".join(picture.streaming_content)[:4] == b"RIFF"
    for name in (staff, partner):
        response = client.get(reverse("handbook:image", args=[name]))
        assert response.status_code == 302 and "/akun/masuk/" in response["Location"]
    officer = login(make_user("officer", facility=facility))
    assert officer.get(reverse("handbook:image", args=[staff])).status_code == 200
    assert officer.get(reverse("handbook:image", args=["mulai.md"])).status_code == 404
    partners_own = login(partner_user)
    assert partners_own.get(reverse("handbook:image", args=[partner])).status_code == 200
    assert partners_own.get(reverse("handbook:image", args=[staff])).status_code == 404


def test_the_operations_guide_opens_in_both_languages(make_user, login):
    client = login(make_user("admin"))
    indonesian = client.get(reverse("handbook:operations-id")).content.decode()
    english = client.get(reverse("handbook:operations-en")).content.decode()
    assert "Panduan operasi Karya" in indonesian and "karya backup" in indonesian
    assert "Karya operations guide" in english and "karya restore" in english


@pytest.mark.parametrize(
    ("role", "url_name", "expected"),
    [
        ("officer", "programs:workshop-list", "/bantuan/petugas-kegiatan-kerja/#bengkel"),
        ("officer", "programs:doc-work-list", "/bantuan/petugas-kegiatan-kerja/#daftar-kerja"),
        ("security", "programs:doc-work-list", "/bantuan/pengamanan/#daftar-kerja"),
        ("output_officer", "sales:home", "/bantuan/petugas-hasil-kerja/#beranda-penjualan"),
        ("output_officer", "sales:counter", "/bantuan/petugas-hasil-kerja/#kasir"),
        ("treasurer", "finance:pnbp", "/bantuan/bendahara/#pnbp"),
        ("treasurer", "premi:run-list", "/bantuan/bendahara/#premi"),
        ("head", "premi:run-list", "/bantuan/kepala/#premi"),
        ("head", "reports:unit", "/bantuan/kepala/#dasbor"),
        ("pr", "newsroom:home", "/bantuan/humas/#kegiatan"),
    ],
)
def test_the_help_link_opens_the_chapter_of_the_page(
    role, url_name, expected, make_user, facility, login
):
    client = login(make_user(role, facility=facility))
    response = client.get(reverse(url_name, args=[facility.code]))
    assert response.status_code == 200
    assert help_link(response) == expected


def test_the_help_link_of_national_and_public_pages(make_user, login, client):
    national = login(make_user("national"))
    assert help_link(national.get(reverse("reports:country"))) == (
        "/bantuan/ditjenpas/#dasbor-nasional"
    )
    admin = login(make_user("admin"))
    assert help_link(admin.get(reverse("accounts:user-list"))) == "/bantuan/admin/#pengguna"
    assert help_link(client.get(reverse("catalogue:home"))) == "/bantuan/publik/#katalog"
    assert help_link(client.get(reverse("accounts:login"))) == "/bantuan/publik/"


def test_a_page_no_chapter_describes_opens_the_readers_chapter(make_user, facility, login):
    client = login(make_user("treasurer", facility=facility))
    response = client.get(reverse("handbook:index"))
    assert help_link(response) == "/bantuan/bendahara/"
