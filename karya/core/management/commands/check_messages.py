"""`karya check-messages`: fail when the code has an interface string that the Indonesian
catalogue does not translate (run by `make lint`; needs GNU gettext, as makemessages does)."""

import os
import re
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

CATALOGUE = Path(settings.BASE_DIR) / "karya" / "locale" / "id" / "LC_MESSAGES" / "django.po"


def translated(text: str) -> dict[tuple[str, str], bool]:
    entries = {}
    for block in text.split("\n\n"):
        msgid = re.search(r'^msgid ((?:".*"\n)+)', block + "\n", re.M)
        if not msgid or block.startswith("#~"):
            continue
        key = "".join(re.findall(r'"(.*)"', msgid.group(1)))
        context = re.search(r'^msgctxt "(.*)"', block, re.M)
        msgstr = re.search(r'^msgstr(?:\[0\])? ((?:".*"\n?)+)', block + "\n", re.M)
        value = "".join(re.findall(r'"(.*)"', msgstr.group(1))) if msgstr else ""
        if key:
            entries[(context.group(1) if context else "", key)] = bool(value) and (
                "#, fuzzy" not in block
            )
    return entries


class Command(BaseCommand):
    help = "Check that every interface string has an Indonesian translation."

    def handle(self, *args, **options):
        known = translated(CATALOGUE.read_text(encoding="utf-8"))
        backup = Path(tempfile.mkdtemp()) / "django.po"
        shutil.copy2(CATALOGUE, backup)
        here = Path.cwd()
        try:
            os.chdir(CATALOGUE.parents[3])  # makemessages reads the folder it runs in
            call_command(
                "makemessages",
                locale=["id"],
                no_location=True,
                verbosity=0,
                ignore_patterns=["tests", "conftest.py"],
            )
            current = translated(CATALOGUE.read_text(encoding="utf-8"))
        finally:
            os.chdir(here)
            shutil.copy2(backup, CATALOGUE)
        missing = sorted(key for key in current if not known.get(key))
        if missing:
            for context, msgid in missing:
                self.stderr.write(f"  {context + ': ' if context else ''}{msgid}")
            raise CommandError(
                f"{len(missing)} interface string(s) without an Indonesian "
                "translation: run `make messages` and translate them."
            )
        self.stdout.write(f"{len(current)} interface strings, all translated.")
