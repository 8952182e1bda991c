"""A crawl of the whole public site, as a search engine or a curious visitor would make it:
from the start page, the catalogue, the news and the sitemap, every link of the public site is
followed, and no page may show an inmate's name or registration number, an unpublished or
inactive product, or a release that is not published (ours or another unit's)."""

import re
from html import unescape
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.django_db

PUBLIC = ("/katalog/", "/berita/", "/telusur/")
START = ["/", "/katalog/", "/berita/", "/katalog/?urut=harga-terendah", "/sitemap.xml"]


def links(text: str) -> set[str]:
    found = set(re.findall(r'(?:href|src)="([^"]+)"', text))
    found |= set(re.findall(r"<loc>([^<]+)</loc>", text))
    paths = set()
    for link in found:
        parts = urlsplit(unescape(link))
        if parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path.startswith(PUBLIC) and not path.startswith("/katalog/bahasa/"):
            paths.add(path)
    return paths


def crawl(client) -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = list(START)
    while queue:
        path = queue.pop()
        if path in seen or len(seen) > 500:
            continue
        response = client.get(path)
        assert response.status_code in (200, 301), f"{path} → {response.status_code}"
        if response.status_code == 301:
            seen[path] = ""
            queue.append(response.url)
            continue
        if response["Content-Type"].startswith("image/"):
            seen[path] = ""
            continue
        text = response.content.decode()
        seen[path] = text
        queue.extend(links(text) - set(seen))
    return seen


def test_the_public_site_never_shows_an_inmate_nor_what_is_not_published(client, world):
    pages = crawl(client)
    kinds = {
        "product": r"^/katalog/LPPWT/\d+-sapu-lidi/$",
        "far product": r"^/katalog/LPPMK/\d+-miniatur-perahu/$",
        "unit": r"^/katalog/LPPWT/$",
        "trace": r"^/telusur/LPPWT/SAPU-LIDI-20260130-1/$",
        "news": r"^/berita/LPPWT/\d+-",
        "photo": r"^/katalog/foto/\d+/320\.jpg$",
    }
    for kind, pattern in kinds.items():
        assert any(re.search(pattern, path) for path in pages), f"the crawl reached no {kind}"
    assert "3 WBP" in pages["/telusur/LPPWT/SAPU-LIDI-20260130-1/"]
    forbidden = [inmate.name for inmate in world.inmates]
    forbidden += [inmate.registration_number for inmate in world.inmates]
    forbidden += [world.secret.name, world.retired.name, world.neighbour_secret.name]
    forbidden += [world.draft.title, world.neighbour_draft.title, "Rahasia tetangga"]
    problems = [
        f"{path}: {needle}"
        for path, text in pages.items()
        for needle in forbidden
        if needle.casefold() in text.casefold()
    ]
    assert problems == []
    assert len([p for p, text in pages.items() if text]) >= 10


def test_nor_in_english(client, world):
    client.cookies["django_language"] = "en"
    pages = crawl(client)
    assert any("Where this Sapu lidi comes from" in text for text in pages.values())
    needles = [i.name for i in world.inmates] + [i.registration_number for i in world.inmates]
    assert not [n for text in pages.values() for n in needles if n in text]
