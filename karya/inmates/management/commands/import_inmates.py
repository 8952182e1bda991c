"""`karya import-inmates FILE --unit CODE`: the page's import, from the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_scopes import scope
from tqdm import tqdm

from karya.core.errors import DomainError
from karya.facilities.models import Facility
from karya.inmates.importing import ImportRejected
from karya.inmates.services import inmates_import


class _BarStream:
    """Hands tqdm's output to the command's stderr as is.

    Django's OutputWrapper ends every write with a newline, which would print each refresh of
    the bar on a line of its own instead of redrawing it.
    """

    def __init__(self, wrapper):
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")

    def flush(self) -> None:
        self.wrapper.flush()


class Command(BaseCommand):
    help = "Import a unit's inmate registry from an SDP export (CSV or XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--unit", required=True, help="The unit's code, e.g. LPPWT.")
        parser.add_argument("--dry-run", action="store_true", help="Check only; change nothing.")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, file: Path, unit: str, dry_run: bool, no_progress: bool, **options):
        facility = Facility.objects.filter(code=unit.strip().upper()).first()
        if facility is None:
            raise CommandError(_("Unknown unit code: %(code)s") % {"code": unit})
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            ) from exc
        bar = tqdm(
            unit=" rows", disable=no_progress, desc=facility.code, file=_BarStream(self.stderr)
        )
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
        except DomainError as error:
            bar.close()
            raise CommandError(error.message) from error
        bar.close()
        summary = _(
            "%(rows)s rows: %(created)s new, %(updated)s changed, %(departed)s marked as left, "
            "%(unchanged)s unchanged, %(not_in_file)s in Karya but not in the file (not changed)."
        ) % {
            "rows": result.rows,
            "created": result.created,
            "updated": result.updated,
            "departed": result.departed,
            "unchanged": result.unchanged,
            "not_in_file": result.not_in_file,
        }
        if dry_run:
            summary = _("Check only, nothing was changed: %(summary)s") % {"summary": summary}
        self.stdout.write(summary)
