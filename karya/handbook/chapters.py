"""The user guide (Buku Panduan Pengguna) and the operations guide, read from Markdown files.

The guide's chapters are `docs/panduan/<slug>.md`, one per role (DESIGN.md §1), written in
Bahasa Indonesia. Each starts with a front matter block that python-markdown's `meta`
extension reads:

    ---
    title: Petugas Kegiatan Kerja
    order: 20
    roles: officer
    audience: staff
    pages: programs:attendance-day absensi
           programs:workshop-list bengkel
    screenshots: petugas-absensi.webp
    ---

- `roles`: the role codes the chapter is written for (the "Bantuan" link of a page prefers the
  chapter of the reader's own role when several chapters describe the same page);
- `audience`: `staff` (logged-in staff), `partner` (a partner's own users, and staff) or
  `public` (anyone, without logging in);
- `pages`: one line per page the chapter describes: a URL name and the anchor of the section
  (`{#anchor}` on a heading) that the page's "Bantuan" link opens;
- `screenshots`: the images (in `docs/panduan/gambar/`) the chapter shows; the browser test
  `karya/tests/browser/test_handbook_screenshots.py` takes them from the demo data.

Images are written `![...](gambar/<file>)`, so the sources read well on their own; in Karya
they are served by the guide's own view to those who may read the chapter (/bantuan/gambar/),
and embedded in the PDF.
Rendering is cached per process and redone when a source file changes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import markdown
from django.conf import settings

GUIDE_DIR_NAME = "panduan"
IMAGE_DIR_NAME = "gambar"
AUDIENCES = ("staff", "partner", "public")
EXTENSIONS = ["meta", "attr_list", "tables", "toc", "sane_lists", "admonition"]
EXTENSION_CONFIGS = {"toc": {"permalink": False, "toc_depth": "2"}}

_IMAGE_SRC = re.compile(r'src="' + IMAGE_DIR_NAME + r'/([^"/]+)"')
_IMAGE_REF = re.compile(r"!\[[^\]]*\]\(" + IMAGE_DIR_NAME + r"/([^)\s]+)\)")
_ANCHOR = re.compile(r'\bid="([^"]+)"')


def docs_dir() -> Path:
    return Path(settings.BASE_DIR) / "docs"


def guide_dir() -> Path:
    return docs_dir() / GUIDE_DIR_NAME


def image_dir() -> Path:
    return guide_dir() / IMAGE_DIR_NAME


@dataclass(frozen=True)
class PageLink:
    """A page the chapter describes: its URL name and the section that explains it."""

    url_name: str
    anchor: str


@dataclass(frozen=True)
class Document:
    """One Markdown document, rendered. `html` has relative image sources (`gambar/x.webp`)."""

    slug: str
    path: Path
    title: str
    summary: str
    order: int
    roles: tuple[str, ...]
    audience: str
    pages: tuple[PageLink, ...]
    screenshots: tuple[str, ...]
    html: str
    toc: list = field(default_factory=list, compare=False, hash=False)

    @property
    def is_public(self) -> bool:
        return self.audience == "public"

    @property
    def sections(self) -> list[dict]:
        """The second-level headings ({"id", "name"}) under the document's title."""
        tokens = self.toc
        if len(tokens) == 1 and tokens[0]["level"] == 1:
            tokens = tokens[0]["children"]
        return [{"id": t["id"], "name": t["name"]} for t in tokens]

    @property
    def images(self) -> tuple[str, ...]:
        """Every image the text shows (from its Markdown), in order."""
        return tuple(dict.fromkeys(_IMAGE_REF.findall(self.path.read_text(encoding="utf-8"))))

    @property
    def anchors(self) -> set[str]:
        return set(_ANCHOR.findall(self.html))

    def html_with_images(self, source: Callable[[str], str]) -> str:
        """The HTML with the source of every image (`gambar/<name>`) replaced by
        `source(name)`: a URL, or a data: URL."""
        return _IMAGE_SRC.sub(lambda m: f'src="{source(m.group(1))}"', self.html)


def _one(meta: dict, key: str, default: str = "") -> str:
    values = meta.get(key) or [default]
    return " ".join(v.strip() for v in values).strip()


def _lines(meta: dict, key: str) -> list[str]:
    return [line.strip() for line in meta.get(key, []) if line.strip()]


def _render(path: Path) -> Document:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    html = md.convert(path.read_text(encoding="utf-8"))
    meta = md.Meta
    pages = []
    for line in _lines(meta, "pages"):
        url_name, _, anchor = line.partition(" ")
        pages.append(PageLink(url_name.strip(), anchor.strip()))
    audience = _one(meta, "audience", "staff")
    if audience not in AUDIENCES:
        raise ValueError(f"{path.name}: audience {audience!r} is not one of {AUDIENCES}")
    return Document(
        slug=path.stem,
        path=path,
        title=_one(meta, "title", path.stem),
        summary=_one(meta, "summary"),
        order=int(_one(meta, "order", "100")),
        roles=tuple(_one(meta, "roles").split()),
        audience=audience,
        pages=tuple(pages),
        screenshots=tuple(" ".join(_lines(meta, "screenshots")).split()),
        html=html,
        toc=md.toc_tokens,
    )


@functools.lru_cache(maxsize=64)
def _render_cached(path: Path, mtime_ns: int) -> Document:
    return _render(path)


def load(path: Path) -> Document:
    """The rendered document at `path` (cached until the file changes)."""
    return _render_cached(path, path.stat().st_mtime_ns)


def chapters() -> list[Document]:
    """Every chapter of the user guide, in reading order."""
    found = [load(path) for path in sorted(guide_dir().glob("*.md"))]
    return sorted(found, key=lambda chapter: (chapter.order, chapter.slug))


def chapter(slug: str) -> Document | None:
    path = guide_dir() / f"{slug}.md"
    if not re.fullmatch(r"[a-z0-9-]+", slug) or not path.is_file():
        return None
    return load(path)


OPERATIONS = {"id": "operasi.id.md", "en": "operations.en.md"}


def operations(language: str) -> Document:
    """The operations guide in `language` ("id" or "en")."""
    return load(docs_dir() / OPERATIONS[language])


def visible_to(access) -> list[Document]:
    """The chapters a reader may open: staff read every chapter; a partner's own user the
    partner's chapter and the public one; `access` None (a visitor) the public chapter."""
    if access is None:
        allowed = {"public"}
    elif access.is_partner_user:
        allowed = {"partner", "public"}
    else:
        allowed = set(AUDIENCES)
    return [c for c in chapters() if c.audience in allowed]


def may_read(access, document: Document) -> bool:
    return document in visible_to(access)


def page_index() -> dict[str, list[tuple[Document, str]]]:
    """URL name → [(chapter, anchor)] of the chapters describing that page, in reading order."""
    index: dict[str, list[tuple[Document, str]]] = {}
    for doc in chapters():
        for link in doc.pages:
            index.setdefault(link.url_name, []).append((doc, link.anchor))
    return index


def help_target(url_name: str | None, *, roles: set[str], readable: list[Document]):
    """(chapter, anchor) the "Bantuan" link of page `url_name` opens for a reader with `roles`
    who may read `readable`: the chapter of the reader's own role that describes the page,
    else any readable chapter that describes it, else the chapter written for the reader's
    role (the one for the fewest roles, not the chapter for everyone); None
    when nothing fits (the link then opens the guide's contents)."""
    readable_slugs = {c.slug for c in readable}
    candidates = [
        (doc, anchor)
        for doc, anchor in page_index().get(url_name or "", [])
        if doc.slug in readable_slugs
    ]
    for doc, anchor in candidates:
        if roles & set(doc.roles):
            return doc, anchor
    if candidates:
        return candidates[0]
    for doc in sorted(readable, key=lambda d: len(d.roles)):  # the most specific first
        if roles & set(doc.roles):
            return doc, ""
    return None
