"""`karya restore FILE [--force]`: put a backup made by `karya backup` back."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _

from karya.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `karya backup` into an empty database and media folder "
        "(--force replaces what is there)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore even though the database or the media folder is not empty",
        )
        parser.add_argument("--database", default="default", help="the database alias")

    def handle(self, *args, archive, force, database, **options):
        try:
            summary = backup_restore(
                archive_path=archive, connection=connections[database], force=force
            )
        except BackupError as error:
            raise CommandError(error.message) from error
        self.stdout.write(
            _("Backup restored: %(path)s (%(vendor)s database, %(files)s media files).")
            % {"path": summary.path, "vendor": summary.vendor, "files": summary.media_files}
        )
