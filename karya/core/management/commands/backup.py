"""`karya backup [--output FILE]`: the database and the uploaded files in one archive."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from karya.core.backup import BackupError, backup_default_name, backup_write


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (media) into one archive."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="the archive to write (default: var/backups/karya-<date>-<time>.tar)",
        )
        parser.add_argument("--database", default="default", help="the database alias")

    def handle(self, *args, output, database, **options):
        output = output or backup_default_name(settings.VAR_DIR / "backups")
        try:
            summary = backup_write(output=output, connection=connections[database])
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            _("Backup written: %(path)s (%(vendor)s database, %(files)s media files).")
            % {"path": summary.path, "vendor": summary.vendor, "files": summary.media_files}
        )
