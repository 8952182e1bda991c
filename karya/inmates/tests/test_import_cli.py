"""`karya import-inmates FILE --unit CODE [--dry-run]`: the page's import from the command line."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from karya.audit.models import AuditEntry
from karya.inmates.tests.sdp import inmate, registry_state, sdp_csv, sdp_row

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    """Run the command in Indonesian; returns what it wrote to stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with translation.override("id"):
        call_command("import_inmates", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def export(tmp_path):
    path = tmp_path / "sdp-lppwt.csv"
    path.write_bytes(
        sdp_csv(
            [
                sdp_row("BI.1/2025", nama="Agus Sapulidi", klasifikasi="Minimum"),
                sdp_row("BI.100/2026", nama="Gilang Bambusari"),
            ]
        )
    )
    return path


def test_imports_the_file_and_prints_the_summary(facility, inmates, export):
    out, _err = run(str(export), "--unit", "lppwt", "--no-progress")

    assert out.strip() == (
        "2 baris: 1 baru, 1 diubah, 0 ditandai keluar, 0 tidak berubah, "
        "2 ada di Karya tetapi tidak ada di berkas (tidak diubah)."
    )
    assert inmate(facility, "BI.1/2025").security_class == "minimum"
    assert inmate(facility, "BI.100/2026").name == "Gilang Bambusari"
    entries = AuditEntry.objects.filter(action="import", facility=facility)
    assert entries.count() == 2 and not entries.exclude(actor=None).exists()


def test_the_progress_bar_redraws_one_line_on_stderr(facility, export):
    _out, err = run(str(export), "--unit", "LPPWT")
    assert "\rLPPWT: 2 rows" in err
    assert err.count("\n") == 1  # redrawn with \r, one line break when it is done


def test_dry_run_writes_nothing(facility, inmates, export):
    before = registry_state()
    out, _err = run(str(export), "--unit", "LPPWT", "--dry-run", "--no-progress")
    assert out.startswith("Hanya pemeriksaan, tidak ada data yang diubah: 2 baris: 1 baru")
    assert registry_state() == before


def test_unknown_unit_code(facility, export):
    with pytest.raises(CommandError, match="Kode UPT tidak dikenal: LPXXX"):
        run(str(export), "--unit", "LPXXX")


def test_missing_file(facility, tmp_path):
    with pytest.raises(CommandError, match="Tidak dapat membaca .*tidak-ada.csv"):
        run(str(tmp_path / "tidak-ada.csv"), "--unit", "LPPWT")


def test_a_bad_file_lists_every_problem_and_writes_nothing(facility, inmates, tmp_path):
    path = tmp_path / "sdp-rusak.csv"
    path.write_bytes(
        sdp_csv(
            [
                sdp_row("BI.100/2026"),
                sdp_row("BI.101/2026", klasifikasi="Rahasia"),
                sdp_row("BI.102/2026", status="Bebas bersyarat"),
                sdp_row("BI.100/2026"),
            ]
        )
    )
    before = registry_state()
    err = io.StringIO()

    with pytest.raises(CommandError) as caught, translation.override("id"):
        call_command("import_inmates", str(path), "--unit", "LPPWT", stderr=err)

    assert str(caught.value) == (
        "Berkas tidak diimpor: ditemukan 3 masalah. Tidak ada data yang diubah."
    )
    problems = [line for line in err.getvalue().splitlines() if line.startswith("Baris")]
    assert problems == [
        "Baris 3: klasifikasi “Rahasia” tidak dikenal",
        "Baris 4: status “Bebas bersyarat” tidak dikenal",
        "Baris 5: nomor registrasi BI.100/2026 sudah ada di baris 2",
    ]
    assert registry_state() == before
