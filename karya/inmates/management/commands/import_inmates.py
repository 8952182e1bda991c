"""`karya import-inmates FILE --unit CODE`: the page's import, from the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope
from tqdm import tqdm

from karya.facilities.models import Facility
from karya.inmates.importing import ImportRejected
from karya.inmates.services import inmates_import


class Command(BaseCommand):
    help = "Import a unit's inmate registry from an SDP export (CSV or XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help="The unit's code, e.g. LPPWT.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: Path, unit: str, dry_run: bool, no_progress: bool, **options):
        facility = Facility.objects.filter(code=unit.upper()).first()
        if facility is None:
            raise CommandError(f"Unknown unit code: {unit}")
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror}") from exc
        bar = tqdm(unit="rows", disable=no_progress, desc=facility.code, file=self.stderr)
        try:
            with scope(facility=[facility.pk]):
                result = inmates_import(
                    actor=None,
                    facility=facility,
                    file_name=file.name,
                    content=content,
                    dry_run=dry_run,
                    progress=bar.update,
                )
        except ImportRejected as rejected:
            bar.close()
            for problem in rejected.problems:
                self.stderr.write(str(problem))
            raise CommandError(rejected.message) from rejected
        bar.close()
        prefix = "Dry run: " if dry_run else ""
        self.stdout.write(
            f"{prefix}{result.rows} rows: {result.created} new, {result.updated} changed, "
            f"{result.departed} marked as left, {result.unchanged} unchanged, "
            f"{result.not_in_file} in Karya but not in the file."
        )
