"""Every interface string has its Indonesian translation, and the compiled catalogue is current."""

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "id" / "LC_MESSAGES"


def _entries():
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    for block in text.split("\n\n")[1:]:
        if block.startswith("#~"):
            continue
        yield block


def test_no_untranslated_or_fuzzy_message():
    problems = []
    for block in _entries():
        match = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        msgid = _unquote(match.group(1)) if match else ""
        if "#, fuzzy" in block:
            problems.append(f"fuzzy: {msgid}")
        if re.search(r'^msgstr(\[0\])? ""(?!\n")', block + "\n", re.M):
            problems.append(f"untranslated: {msgid}")
    assert problems == []


def _unquote(lines: str) -> str:
    joined = "".join(re.findall(r'"(.*)"', lines))
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), joined)


def test_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    stale = []
    for block in _entries():
        match = re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', block + "\n", re.M)
        if not match or "msgid_plural" in block:
            continue
        msgid, msgstr = _unquote(match.group(1)), _unquote(match.group(2))
        context = re.search(r'^msgctxt "(.*)"', block, re.M)
        found = catalogue.pgettext(context.group(1), msgid) if context else catalogue.gettext(msgid)
        if msgid and found != msgstr:
            stale.append(msgid)
    assert stale == [], "django.mo is stale: run `make messages`"


def test_no_translation_is_far_longer_than_its_message():
    """A translation repeated by a bad merge (it happened to three plural messages) shows the
    same sentence many times on a page: no translation may be three times its message."""
    runaway = []
    for block in _entries():
        match = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        translated = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block + "\n", re.M)
        if not match or not translated:
            continue
        msgid, msgstr = _unquote(match.group(1)), _unquote(translated.group(1))
        if msgid and len(msgstr) > 3 * len(msgid) + 40:
            runaway.append(msgid)
    assert runaway == []
