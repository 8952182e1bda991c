"""Press-release drafts in Bahasa Indonesia, from an event's facts and the quotes the user
typed, in the form of the units' own releases (shared/seeds): a title, a dateline opening
("PURWOKERTO – Lembaga Pemasyarakatan (Lapas) Kelas IIA Purwokerto …"), the day and time
written out ("Sabtu, 31 Januari 2026, pukul 09.40 WIB hingga selesai"), the partner, the goods
and quantities the Indonesian way ("1.140 batang sapu lidi dan 290 buah sapu lakop"), the days
of production in words ("delapan hari"), the purpose of the programme, the quotes with who said
them, a closing line and the signature "(Humas Lapas Purwokerto)".

The text is the release's content, always in Indonesian whatever the interface language (it
goes to the press), so it is written here and not translated. It is made from templates and
the records only — no outside service — and uses only counts of inmates (karya/newsroom/facts).
"""

from __future__ import annotations

from dataclasses import dataclass

from num2words import num2words

from karya.core.dates import DAYS_ID, MONTHS_ID, zone_abbreviation
from karya.facilities import naming
from karya.newsroom.choices import EventKind
from karya.newsroom.facts import DraftFacts, GoodsLine

SCHEME_PURPOSE = {
    "beli_putus": (
        "Produk {names} tersebut selanjutnya akan dipasarkan oleh {partner} sebagai bagian dari "
        "kerja sama produksi dan pemasaran hasil karya Warga Binaan. Kerja sama ini menjadi "
        "wujud nyata sinergi antara {kind} dan pihak ketiga dalam membuka akses pasar bagi "
        "produk pembinaan."
    ),
    "konsinyasi": (
        "Dalam kerja sama ini, {short} bertindak sebagai pemilik produk, sementara {partner} "
        "berperan dalam promosi dan pemasaran{of_names}. Kerja sama ini menjadi jembatan agar "
        "karya Warga Binaan makin dikenal dan diminati masyarakat."
    ),
    "maklon": (
        "Dalam kerja sama ini, Warga Binaan Pemasyarakatan (WBP) dilibatkan sebagai tenaga "
        "produksi, sementara {partner} menyediakan bahan baku serta memberikan pendampingan "
        "teknis. Kerja sama ini diharapkan mampu meningkatkan keterampilan dan kemandirian WBP, "
        "sehingga mereka tidak hanya produktif selama menjalani masa pidana, tetapi juga "
        "memiliki bekal usaha yang bermanfaat ketika kembali ke masyarakat."
    ),
    "pelatihan": (
        "{partner} turut memberikan pelatihan dan pendampingan teknis kepada Warga Binaan, "
        "sehingga keterampilan yang diperoleh dapat menjadi bekal kemandirian setelah bebas."
    ),
    "pemasok": (
        "Kolaborasi dengan {partner} juga dilakukan untuk memastikan ketersediaan bahan baku "
        "yang kompetitif dan mengikuti tren pasar terkini."
    ),
}
CLOSING = (
    "Dengan adanya kegiatan ini, {name} terus berupaya menghadirkan pembinaan yang "
    "berkelanjutan, produktif, dan berorientasi pada reintegrasi sosial, sehingga Warga Binaan "
    "dapat kembali ke masyarakat dengan kemampuan dan kepercayaan diri yang lebih baik."
)
VISIT_AGENDA = {
    "penjajakan": "penjajakan kerja sama",
    "monitoring": "monitoring serta penjajakan kerja sama lebih lanjut",
    "evaluasi": "evaluasi kerja sama",
}
VISIT_HEADLINE = {
    "monitoring": "Monitoring dan Penjajakan Kerja Sama",
    "evaluasi": "Evaluasi Kerja Sama",
}


@dataclass(frozen=True)
class Quote:
    name: str
    role: str
    text: str


@dataclass(frozen=True)
class Draft:
    title: str
    summary: str
    paragraphs: list[str]

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


# --- the Indonesian way of writing things ----------------------------------------------------


def angka(number: int) -> str:
    """1140 → '1.140'."""
    return f"{number:,}".replace(",", ".")


def terbilang_hari(days: int) -> str:
    """8 → 'delapan hari'."""
    return f"{num2words(days, lang='id')} hari"


def daftar(items: list[str]) -> str:
    """['a'] → 'a'; ['a', 'b'] → 'a dan b'; ['a', 'b', 'c'] → 'a, b, dan c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} dan {items[1]}"
    return f"{', '.join(items[:-1])}, dan {items[-1]}"


def lower_first(text: str) -> str:
    """'Sapu lidi' → 'sapu lidi' (a name in capitals, 'UMKM', stays)."""
    if len(text) > 1 and text[:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?" else f"{text}."


def hari_tanggal(moment) -> str:
    """'Sabtu, 31 Januari 2026'."""
    return f"{DAYS_ID[moment.weekday()]}, {moment.day} {MONTHS_ID[moment.month - 1]} {moment.year}"


def pukul(facts: DraftFacts) -> str:
    """'pukul 09.40 WIB hingga selesai' or 'pukul 08.30 – 09.00 WIB'."""
    zone = zone_abbreviation(facts.zone)
    start = f"{facts.starts_at:%H.%M}"
    if facts.ends_at is None:
        return f"pukul {start} {zone} hingga selesai"
    if facts.ends_at.date() != facts.starts_at.date():
        return f"pukul {start} {zone} hingga {hari_tanggal(facts.ends_at)}"
    return f"pukul {start} – {facts.ends_at:%H.%M} {zone}"


def goods_phrase(goods: list[GoodsLine]) -> str:
    """'1.140 batang sapu lidi dan 290 buah sapu lakop'."""
    return daftar(
        [f"{angka(g.quantity)} {g.unit_of_measure} {lower_first(g.product)}" for g in goods]
    )


def quote_paragraphs(quotes: list[Quote]) -> list[str]:
    """The first quote: '“…,” ujar <role>, <name>.'; the next: 'Senada, <role>, <name>,
    menuturkan, “….”'"""
    paragraphs = []
    for index, quote in enumerate(q for q in quotes if q.text.strip()):
        text = quote.text.strip().strip('"“”').strip()
        speaker = ", ".join(part for part in (quote.role.strip(), quote.name.strip()) if part)
        if index == 0:
            spoken = text[:-1] + "," if text.endswith(".") else text
            spoken = spoken if spoken[-1] in ",!?" else f"{spoken},"
            paragraphs.append(f"“{spoken}” ujar {speaker}." if speaker else f"“{spoken}”")
        else:
            lead = f"Senada, {speaker}, menuturkan" if speaker else "Ditambahkan pula"
            paragraphs.append(f"{lead}, “{_sentence(text)}”")
    return paragraphs


# --- the templates ---------------------------------------------------------------------------


class _Context:
    def __init__(self, facts: DraftFacts):
        self.facts = facts
        name = facts.facility_name
        self.name = name
        self.short = naming.short_name(name)
        self.opening = f"{naming.dateline(name)} – {naming.first_mention(name)}"
        self.kind = name.split()[0]
        self.when = f"{hari_tanggal(facts.starts_at)}, {pukul(facts)}"
        self.place = facts.place or name
        self.partner = facts.partner
        names = [lower_first(g.product) for g in facts.goods] or [
            lower_first(p) for p in facts.agreement_products
        ]
        self.names = daftar(names)

    def scheme_paragraphs(self) -> list[str]:
        if not self.partner:
            return []
        of_names = f" {self.names} karya Warga Binaan" if self.names else ""
        of_names = f" produk{of_names}" if of_names else ""
        return [
            SCHEME_PURPOSE[scheme].format(
                names=self.names or "hasil karya Warga Binaan",
                partner=self.partner,
                kind=self.kind,
                short=self.short,
                of_names=of_names,
            )
            for scheme in dict.fromkeys(self.facts.schemes)
            if scheme in SCHEME_PURPOSE
        ]

    def made(self) -> str:
        """', yang merupakan hasil … dan diselesaikan dalam waktu delapan hari oleh 10 WBP'."""
        text = ", yang merupakan hasil pembinaan kemandirian"
        if self.facts.production_days:
            text += f" dan diselesaikan dalam waktu {terbilang_hari(self.facts.production_days)}"
        if self.facts.workers:
            text += f" oleh {angka(self.facts.workers)} Warga Binaan"
        return text


def _pickup(c: _Context) -> tuple[str, list[str]]:
    f = c.facts
    by = f" oleh pihak {c.partner}" if c.partner else ""
    title = (
        f"Hasil Karya Warga Binaan {c.short} Dipasarkan Melalui Kerja Sama dengan {c.partner}"
        if c.partner
        else f"Pengambilan Hasil Karya Warga Binaan {c.short}"
    )
    with_partner = f" yang dilaksanakan bekerja sama dengan {c.partner}" if c.partner else ""
    first = (
        f"{c.opening} terus mendorong program pembinaan kemandirian bagi Warga Binaan melalui "
        f"kegiatan produktif bernilai ekonomi. Salah satu upaya tersebut diwujudkan melalui "
        f"kegiatan pemasaran hasil karya Warga Binaan"
        f"{' berupa ' + c.names if c.names else ''}{with_partner}."
    )
    second = (
        f"Kegiatan pengambilan hasil karya Warga Binaan{by} dilaksanakan pada {c.when}, "
        f"bertempat di {c.place}."
    )
    if f.goods:
        second += (
            f" Adapun jumlah produk yang diambil terdiri dari {goods_phrase(f.goods)}{c.made()}."
        )
    return title, [first, second, *c.scheme_paragraphs()]


def _visit(c: _Context) -> tuple[str, list[str]]:
    f = c.facts
    topic = f" {lower_first(f.agreement_title)}" if f.agreement_title else ""
    if f.visit_kind == "penjajakan":
        title = f"{c.short} Jajaki Kerja Sama{topic.title() if topic else ''} dengan {c.partner}"
        first = (
            f"{c.opening} terus berkomitmen mewujudkan pemasyarakatan yang produktif, inovatif, "
            f"dan bernilai ekonomi. Sebagai langkah nyata, pada {c.when} dilaksanakan kegiatan "
            f"penjajakan kerja sama{topic} dengan {c.partner}, bertempat di {c.place}."
        )
    else:
        agenda = VISIT_AGENDA.get(f.visit_kind, "monitoring")
        headline = VISIT_HEADLINE.get(f.visit_kind, "Kunjungan")
        title = f"{c.partner} Lakukan {headline} di {c.name}"
        first = (
            f"{c.opening} menerima kunjungan dari {c.partner} pada {c.when}, bertempat di "
            f"{c.place}. Kunjungan ini berlangsung dengan agenda {agenda}."
        )
    paragraphs = [first]
    if f.visit_monitored:
        paragraphs.append(
            f"Kegiatan ini difokuskan pada {lower_first(f.visit_monitored.strip().rstrip('.'))}."
        )
    if f.visit_findings:
        paragraphs.append(_sentence(f.visit_findings))
    return title, paragraphs + c.scheme_paragraphs()


def _signing(c: _Context) -> tuple[str, list[str]]:
    f = c.facts
    document = {
        "PKS": "Perjanjian Kerja Sama (PKS)",
        "MOU": "Nota Kesepahaman (MoU)",
    }.get(f.agreement_status, "kerja sama")
    if "konsinyasi" in f.schemes:
        title = f"Karya Warga Binaan {c.short} Tembus Pasar lewat {c.partner}"
        aim = "memperluas jangkauan pemasaran produk karya Warga Binaan"
    else:
        title = f"{c.short} dan {c.partner} Tandatangani {document.split(' (')[0]}"
        aim = "membuka kemitraan bagi program pembinaan kemandirian Warga Binaan"
    first = (
        f"{c.opening} terus menunjukkan langkah konkret dalam {aim}. Hal ini diwujudkan melalui "
        f"penandatanganan {document} antara {c.short} dan {c.partner} pada {c.when}, bertempat "
        f"di {c.place}."
    )
    return title, [first, *c.scheme_paragraphs()]


def _training(c: _Context) -> tuple[str, list[str]]:
    t = c.facts.training
    if t is None:
        return _generic(c)
    title = f"{c.short} Gelar {t.title} bagi Warga Binaan"
    days = (
        hari_tanggal(t.start)
        if t.start == t.end
        else f"{t.start.day} {MONTHS_ID[t.start.month - 1]} hingga {t.end.day} "
        f"{MONTHS_ID[t.end.month - 1]} {t.end.year}"
    )
    first = (
        f"{c.opening} menyelenggarakan {t.title} bagi Warga Binaan Pemasyarakatan (WBP) bekerja "
        f"sama dengan {t.provider} pada {days}, bertempat di {c.place}."
    )
    second = f"Pelatihan sebanyak {angka(t.hours)} jam pelajaran (JP) ini diikuti oleh "
    second += f"{angka(t.participants)} WBP"
    if t.competent:
        second += f", dan {angka(t.competent)} di antaranya dinyatakan kompeten"
    second += "."
    if t.competencies:
        second += f" Materi pelatihan meliputi {daftar([lower_first(x) for x in t.competencies])}."
    third = (
        "Pelatihan ini merupakan bagian dari program pembinaan kemandirian, agar Warga Binaan "
        "memiliki keterampilan yang bermanfaat dan bernilai ekonomi ketika kembali ke masyarakat."
    )
    return title, [first, second, third, *c.scheme_paragraphs()]


def _generic(c: _Context) -> tuple[str, list[str]]:
    f = c.facts
    first = (
        f"{c.opening} terus berinovasi dalam membina Warga Binaan Pemasyarakatan (WBP) melalui "
        f"program pembinaan kemandirian. Kegiatan “{f.title.strip().rstrip('.')}” dilaksanakan "
        f"pada {c.when}, bertempat di {c.place}."
    )
    paragraphs = [first]
    paragraphs += [_sentence(p) for p in f.description.replace("\r\n", "\n").split("\n\n") if p]
    if f.goods:
        where = f" di {f.workshop}" if f.workshop else ""
        text = f"Dalam kegiatan ini{where} dihasilkan {goods_phrase(f.goods)}"
        if f.workers:
            text += f" yang dikerjakan oleh {angka(f.workers)} WBP"
        if f.production_days:
            text += f" selama {terbilang_hari(f.production_days)}"
        paragraphs.append(text + ".")
    return f.title, paragraphs + c.scheme_paragraphs()


TEMPLATES = {
    EventKind.PICKUP: _pickup,
    EventKind.PARTNER_VISIT: _visit,
    EventKind.MONITORING: _visit,
    EventKind.SIGNING: _signing,
    EventKind.TRAINING: _training,
}


def compose(facts: DraftFacts, quotes: list[Quote]) -> Draft:
    """The draft of a release: title, a one-sentence summary and the paragraphs."""
    context = _Context(facts)
    template = TEMPLATES.get(facts.kind, _generic)
    if template is _visit and not facts.partner:
        template = _generic
    if template in (_signing,) and not facts.partner:
        template = _generic
    title, paragraphs = template(context)
    if facts.kind not in (EventKind.PICKUP,) and facts.description and template is not _generic:
        paragraphs.append(_sentence(facts.description.strip()))
    paragraphs += quote_paragraphs(quotes)
    paragraphs.append(CLOSING.format(name=context.name))
    paragraphs.append(f"({naming.signature(context.name)})")
    summary = paragraphs[0].split(" – ", 1)[-1]
    summary = summary if len(summary) <= 280 else summary[:277].rsplit(" ", 1)[0] + "…"
    return Draft(title=title[:250], summary=summary, paragraphs=paragraphs)
