"""The guide's sources stay true to Karya: every page a chapter describes exists, every
section its "Bantuan" links open exists, every picture it shows is in the repository, every
role of DESIGN.md §1 has its chapter, and the operations guides name every setting."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from karya.handbook import chapters

DESIGN_ROLES = {
    "officer",
    "output_officer",
    "treasurer",
    "head",
    "pr",
    "regional",
    "national",
    "partner",
    "admin",
    "anonymous",
}


def url_names(resolver=None, namespace=""):
    names = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names |= url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}{entry.name}")
    return names


@pytest.fixture(scope="module")
def guide():
    found = chapters.chapters()
    assert len(found) >= 10
    return found


def test_every_page_a_chapter_describes_exists(guide):
    existing = url_names()
    missing = [
        f"{chapter.slug}: {link.url_name}"
        for chapter in guide
        for link in chapter.pages
        if link.url_name not in existing
    ]
    assert not missing, "pages the guide describes but Karya no longer has:\n" + "\n".join(missing)


def test_every_section_a_page_links_to_exists(guide):
    missing = [
        f"{chapter.slug}#{link.anchor} (for {link.url_name})"
        for chapter in guide
        for link in chapter.pages
        if not link.anchor or link.anchor not in chapter.anchors
    ]
    assert not missing, "help links to sections that do not exist:\n" + "\n".join(missing)


def test_every_picture_the_guide_shows_is_in_the_repository(guide):
    folder = chapters.image_dir()
    missing = [
        f"{chapter.slug}: {image}"
        for chapter in guide
        for image in set(chapter.images) | set(chapter.screenshots)
        if not (folder / image).is_file()
    ]
    assert not missing, "pictures the guide uses but the repository lacks:\n" + "\n".join(missing)


def test_the_front_matter_lists_exactly_the_pictures_the_text_shows(guide):
    for chapter in guide:
        assert set(chapter.images) == set(chapter.screenshots), chapter.slug
        assert chapter.images, f"{chapter.slug} shows no screenshot"


def test_pictures_are_modest(guide):
    for image in {i for chapter in guide for i in chapter.images}:
        path = chapters.image_dir() / image
        if path.is_file():  # a missing one fails the test above
            assert path.stat().st_size < 400_000, f"{image} is {path.stat().st_size} bytes"


def test_every_role_of_the_design_has_a_chapter(guide):
    covered = {role for chapter in guide for role in chapter.roles}
    assert DESIGN_ROLES - covered == set()
    assert [c.slug for c in guide if c.audience == "public"] == ["publik"]
    assert [c.slug for c in guide if c.audience == "partner"] == ["mitra"]


def test_daily_tasks_of_the_issue_are_explained(guide):
    text = {c.slug: c.html for c in guide}
    for slug, phrase in [
        ("petugas-kegiatan-kerja", "Simpan hari ini"),  # a day's attendance
        ("petugas-hasil-kerja", "Posting dan beri nomor"),  # a pick-up and its BAST
        ("petugas-hasil-kerja", "Bayar dan simpan"),  # the counter
        ("petugas-hasil-kerja", "Konfirmasi dan tagihkan"),  # a consignment settlement
        ("bendahara", "Pratinjau"),  # premi
        ("bendahara", "NTPN"),  # a PNBP deposit
        ("humas", "Buat siaran pers"),  # a press release
        ("petugas-kegiatan-kerja", "Periksa berkas saja"),  # the SDP import
        ("kepala", "Laporan bulanan (PDF)"),  # the monthly report
        ("ditjenpas", "Simpan target"),  # targets
        ("mitra", "Kirim laporan penjualan"),  # the partner portal
        ("publik", "Kirim permintaan"),  # the public catalogue
    ]:
        assert phrase in text[slug], f"{slug} does not explain {phrase!r}"


def settings_variables() -> set[str]:
    source = Path(settings.BASE_DIR, "karya", "settings.py").read_text(encoding="utf-8")
    pattern = r"(?:os\.environ\.get|env_bool|env_list|env_int)\(\s*\"([A-Z][A-Z0-9_]+)\""
    return set(re.findall(pattern, source))


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_operations_guide_names_every_setting(language):
    variables = settings_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS"} <= variables
    text = chapters.operations(language).html
    missing = sorted(v for v in variables if f"<code>{v}</code>" not in text)
    assert not missing, f"settings the operations guide ({language}) does not describe: {missing}"


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_operations_guide_covers_running_karya(language):
    text = chapters.operations(language).html
    for command in [
        "karya migrate",
        "karya load-reference",
        "karya create-admin",
        "karya import-inmates",
        "karya remind",
        "karya backup",
        "karya restore",
        "karya collectstatic",
        "/healthz",
        "DATABASE_REPLICA_URL",
        "pg_dump",
    ]:
        assert command in text, f"{language}: {command}"
