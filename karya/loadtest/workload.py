"""What the simulated users do: who they are (the demo logins), the pages each kind of user
opens in one round, and the label each request is counted under.

A round walks every page of its kind once, in the order a person would (list, then one of its
rows, then a save), with a pause between pages. Links are taken from the pages themselves, so
the workload follows whatever the demo holds."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from karya.loadtest.client import Browser, Page
from karya.loadtest.stats import Recorder

DEMO_PASSWORD = "karya-demo-2026"  # nosec B105 # the demo's documented password (karya.demo.data)

OFFICER = "officer"
OUTPUT_OFFICER = "output_officer"
TREASURER = "treasurer"
PARTNER = "partner"
PUBLIC = "public"


@dataclass(frozen=True)
class PageKind:
    label: str
    path: str  # the URL pattern, for the report
    expected: tuple[int, ...] = (200,)


def _pages(*rows: tuple) -> dict[str, PageKind]:
    return {row[0]: PageKind(*row) for row in rows}


# Every page the workload opens, by label. The report lists each of them.
PAGES: dict[str, PageKind] = _pages(
    ("login form", "/akun/masuk/"),
    ("login", "POST /akun/masuk/", (302,)),
    ("unit home", "/upt/<unit>/"),
    ("inmate list", "/upt/<unit>/wbp/"),
    ("inmate list filtered", "/upt/<unit>/wbp/?status=narapidana"),
    ("inmate detail", "/upt/<unit>/wbp/<pk>/"),
    ("workshop list", "/upt/<unit>/kerja/"),
    ("attendance day", "/upt/<unit>/kerja/<pk>/absensi/"),
    ("attendance save", "POST /upt/<unit>/kerja/<pk>/absensi/", (302,)),
    ("production order list", "/upt/<unit>/produk/perintah/"),
    ("production order detail", "/upt/<unit>/produk/perintah/<pk>/"),
    ("stock", "/upt/<unit>/stok/"),
    ("counter", "/upt/<unit>/penjualan/kasir/"),
    ("counter sale", "POST /upt/<unit>/penjualan/kasir/", (302,)),
    ("counter receipt", "/upt/<unit>/penjualan/kasir/<pk>/"),
    ("counter cancel", "POST /upt/<unit>/penjualan/kasir/<pk>/batal/", (302,)),
    ("counter day", "/upt/<unit>/penjualan/kasir/rekap/"),
    ("sales home", "/upt/<unit>/penjualan/"),
    ("sale list", "/upt/<unit>/penjualan/daftar/"),
    ("sale detail", "/upt/<unit>/penjualan/<pk>/"),
    ("invoice list", "/upt/<unit>/penjualan/tagihan/"),
    ("invoice detail", "/upt/<unit>/penjualan/tagihan/<pk>/"),
    ("finance home", "/upt/<unit>/keuangan/"),
    ("PNBP", "/upt/<unit>/keuangan/pnbp/"),
    ("proceeds splits", "/upt/<unit>/keuangan/pembagian/"),
    ("portal dashboard", "/portal-mitra/"),
    ("portal agreements", "/portal-mitra/kerja-sama/"),
    ("portal agreement detail", "/portal-mitra/kerja-sama/<pk>/"),
    ("portal handovers", "/portal-mitra/serah-terima/"),
    ("portal handover detail", "/portal-mitra/serah-terima/<pk>/"),
    ("portal stock", "/portal-mitra/stok/"),
    ("portal sales reports", "/portal-mitra/laporan-penjualan/"),
    ("portal invoices", "/portal-mitra/tagihan/"),
    ("catalogue", "/katalog/"),
    ("catalogue unit", "/katalog/<unit>/"),
    ("product page", "/katalog/<unit>/<pk>-<slug>/"),
    ("traceability", "/telusur/<unit>/<lot>/"),
    ("news list", "/berita/"),
    ("news item", "/berita/<unit>/<pk>-<slug>/"),
)


@dataclass(frozen=True)
class Persona:
    kind: str
    username: str = ""
    unit: str = ""


# The demo logins each kind of user takes in turn (karya/demo/data.py DEMO_USERS).
LOGINS: dict[str, tuple[Persona, ...]] = {
    OFFICER: (Persona(OFFICER, "petugas.pwt", "LPPWT"), Persona(OFFICER, "petugas", "LPPMK")),
    OUTPUT_OFFICER: (
        Persona(OUTPUT_OFFICER, "hasilkerja.pwt", "LPPWT"),
        Persona(OUTPUT_OFFICER, "hasilkerja.pmk", "LPPMK"),
        Persona(OUTPUT_OFFICER, "hasilkerja.pkp", "LPPKP"),
    ),
    TREASURER: (
        Persona(TREASURER, "bendahara.pwt", "LPPWT"),
        Persona(TREASURER, "bendahara.pkp", "LPPKP"),
        Persona(TREASURER, "bendahara.pmk", "LPPMK"),
    ),
    PARTNER: (Persona(PARTNER, "mitra.handicraft"), Persona(PARTNER, "mitra.acun")),
    PUBLIC: (Persona(PUBLIC),),
}
# The mix, in the order users are started: every kind is among the first five, and 50 users
# are 18 public visitors, 12 officers, 8 treasurers, 6 output officers and 6 partners.
MIX = (
    (PUBLIC, OFFICER, TREASURER, OUTPUT_OFFICER, PARTNER)
    + (PUBLIC, OFFICER, PUBLIC, TREASURER, OFFICER)
    + (PUBLIC, OUTPUT_OFFICER, OFFICER, TREASURER, PUBLIC)
    + (OUTPUT_OFFICER, PARTNER, PUBLIC, OFFICER, PUBLIC)
    + (OFFICER, PUBLIC, TREASURER, PARTNER, PUBLIC)
)


def personas(users: int) -> list[Persona]:
    """The `users` simulated users, by the mix above, each kind cycling through its logins."""
    taken: dict[str, int] = {}
    result = []
    for n in range(users):
        kind = MIX[n % len(MIX)]
        logins = LOGINS[kind]
        result.append(logins[taken.get(kind, 0) % len(logins)])
        taken[kind] = taken.get(kind, 0) + 1
    return result


class Stop(Exception):
    """The run's time is over (raised between two pages)."""


class User:
    """One simulated person: logs in once (a public visitor does not), then does rounds."""

    def __init__(
        self,
        persona: Persona,
        base_url: str,
        recorder: Recorder,
        deadline: float,
        think: tuple[float, float],
        seed: int,
        clock,
        sleep,
    ) -> None:
        self.persona = persona
        self.browser = Browser(base_url)
        self.recorder = recorder
        self.deadline = deadline
        self.think = think
        self.rng = random.Random(seed)  # nosec B311 # a seeded workload, not secrets
        self.clock = clock
        self.sleep = sleep
        self.unit = persona.unit

    # -- plumbing -------------------------------------------------------------------------

    def pause(self) -> None:
        low, high = self.think
        wait = self.rng.uniform(low, high)
        if self.clock() + wait >= self.deadline:
            raise Stop
        if wait > 0:
            self.sleep(wait)

    def open(self, label: str, path: str, data: dict[str, str] | None = None) -> Page | None:
        """One request counted under `label`; None when it failed (the failure is recorded)."""
        self.pause()
        kind = PAGES[label]
        try:
            page = self.browser.post(path, data) if data is not None else self.browser.get(path)
        except OSError as error:  # refused, reset, timed out
            self.browser.close()
            self.recorder.failure(label, path, 0, f"{type(error).__name__}: {error}")
            return None
        self.recorder.record(label, page.seconds)
        if page.status not in kind.expected:
            self.recorder.failure(label, path, page.status, page.explanation)
            return None
        return page

    def pick(self, links: list[str]) -> str | None:
        return self.rng.choice(links) if links else None

    # -- the rounds -----------------------------------------------------------------------

    def run(self) -> None:
        try:
            if self.persona.kind != PUBLIC:
                self.login()
            while True:
                getattr(self, f"round_{self.persona.kind}")()
        except Stop:
            pass
        except Exception as error:  # a bug of the driver: counted, so the run fails
            self.recorder.failure("driver", self.persona.kind, 0, repr(error))
        finally:
            self.browser.close()

    def login(self) -> None:
        page = self.open("login form", "/akun/masuk/")
        form = page.form_with("username") if page else None
        if form is None:
            raise Stop  # recorded; this user cannot go on
        data = dict(form.fields, username=self.persona.username, password=DEMO_PASSWORD)
        if self.open("login", "/akun/masuk/", data) is None:
            raise Stop

    def unit_path(self, rest: str = "") -> str:
        return f"/upt/{self.unit}/{rest}"

    def follow(self, page: Page | None, label: str, pattern: str) -> Page | None:
        """Open one of `page`'s links matching `pattern` (chosen at random) as `label`."""
        link = self.pick(page.links_matching(pattern)) if page else None
        return self.open(label, link) if link else None

    def round_officer(self) -> None:
        unit = self.unit
        self.open("unit home", self.unit_path())
        inmates = self.open("inmate list", self.unit_path("wbp/"))
        self.follow(inmates, "inmate detail", rf"/upt/{unit}/wbp/\d+/")
        self.open("inmate list filtered", self.unit_path("wbp/?status=narapidana&presence=ada"))
        workshops = self.open("workshop list", self.unit_path("kerja/"))
        day = self.pick(
            workshops.links_matching(rf"/upt/{unit}/kerja/\d+/absensi/") if workshops else []
        )
        if day:
            self.attendance(day)
        orders = self.open("production order list", self.unit_path("produk/perintah/"))
        self.follow(orders, "production order detail", rf"/upt/{unit}/produk/perintah/\d+/")

    def attendance(self, path: str) -> None:
        """Open a workshop's day and save it: everyone present, hours and a few pieces."""
        page = self.open("attendance day", path)
        form = page.form_with("status-") if page else None
        if form is None:
            return
        data = dict(form.fields)
        for name in form.fields:
            if not name.startswith("status-"):
                continue
            key = name.removeprefix("status-")
            present = self.rng.random() < 0.9  # else sick: no hours, no pieces
            data[name] = "hadir" if present else "sakit"
            data[f"hours-{key}"] = self.rng.choice(["6", "7", "7.5", "8"]) if present else ""
            for field_name in form.fields:
                if field_name.startswith(f"out-{key}-"):
                    data[field_name] = str(self.rng.randint(0, 12)) if present else ""
        self.open("attendance save", path, data)

    def round_output_officer(self) -> None:
        self.open("stock", self.unit_path("stok/"))
        counter = self.open("counter", self.unit_path("penjualan/kasir/"))
        form = counter.form_with("qty-") if counter else None
        if form is not None:
            self.counter_sale(form)
        self.open("counter day", self.unit_path("penjualan/kasir/rekap/"))

    def counter_sale(self, form) -> None:
        """Sell one piece of something in stock for cash, look at the receipt, then cancel
        the sale (goods and money go back), so that stock never runs out during a run."""
        stocked = [
            name
            for name, attrs in form.attrs.items()
            if name.startswith("qty-")
            and "disabled" not in attrs
            and (attrs.get("max") is None or int(attrs.get("max") or 0) >= 1)
        ]
        product = self.pick(stocked)
        if product is None:
            return
        data = dict(form.fields, action="")
        data[product] = "1"
        data["payment_method"] = "cash"
        counter_path = self.unit_path("penjualan/kasir/")
        sold = self.open("counter sale", counter_path, data)
        if sold is None:
            return
        match = re.search(r"/kasir/(\d+)/", sold.location)
        if not match:
            return
        receipt = self.unit_path(f"penjualan/kasir/{match[1]}/")
        self.open("counter receipt", receipt)
        self.open(
            "counter cancel",
            f"{receipt}batal/",
            {"reason": "Uji beban: dibatalkan", "csrfmiddlewaretoken": self._csrf()},
        )

    def _csrf(self) -> str:
        return self.browser.cookies.get("csrftoken", "")

    def round_treasurer(self) -> None:
        unit = self.unit
        self.open("sales home", self.unit_path("penjualan/"))
        sales = self.open("sale list", self.unit_path("penjualan/daftar/"))
        self.follow(sales, "sale detail", rf"/upt/{unit}/penjualan/\d+/")
        invoices = self.open("invoice list", self.unit_path("penjualan/tagihan/"))
        self.follow(invoices, "invoice detail", rf"/upt/{unit}/penjualan/tagihan/\d+/")
        self.open("finance home", self.unit_path("keuangan/"))
        self.open("PNBP", self.unit_path("keuangan/pnbp/"))
        self.open("proceeds splits", self.unit_path("keuangan/pembagian/"))

    def round_partner(self) -> None:
        self.open("portal dashboard", "/portal-mitra/")
        agreements = self.open("portal agreements", "/portal-mitra/kerja-sama/")
        self.follow(agreements, "portal agreement detail", r"/portal-mitra/kerja-sama/\d+/")
        handovers = self.open("portal handovers", "/portal-mitra/serah-terima/")
        self.follow(handovers, "portal handover detail", r"/portal-mitra/serah-terima/\d+/")
        self.open("portal stock", "/portal-mitra/stok/")
        self.open("portal sales reports", "/portal-mitra/laporan-penjualan/")
        self.open("portal invoices", "/portal-mitra/tagihan/")

    def round_public(self) -> None:
        """A new visitor each round: the catalogue, a unit, a product and its lot, the news."""
        self.browser.forget()
        home = self.open("catalogue", "/katalog/")
        self.follow(home, "catalogue unit", r"/katalog/[A-Z0-9]+/")
        product = self.follow(home, "product page", r"/katalog/[A-Z0-9]+/\d+-[\w-]+/")
        self.follow(product, "traceability", r"/telusur/.+/")
        news = self.open("news list", "/berita/")
        self.follow(news, "news item", r"/berita/[A-Z0-9]+/\d+-[\w-]+/")
