"""Who the simulated users are, and what the driver reads from a page."""

from collections import Counter

from karya.loadtest.client import Page
from karya.loadtest.stats import Recorder, percentile
from karya.loadtest.workload import LOGINS, MIX, personas


def test_fifty_users_are_mostly_visitors_and_officers_and_every_kind_starts_early():
    kinds = Counter(p.kind for p in personas(50))
    assert kinds == {"public": 18, "officer": 12, "treasurer": 8, "output_officer": 6, "partner": 6}
    assert {p.kind for p in personas(5)} == set(LOGINS)
    assert len(MIX) == 25


def test_users_of_one_kind_take_the_demo_logins_in_turn():
    treasurers = [p.username for p in personas(50) if p.kind == "treasurer"]
    assert treasurers[:4] == ["bendahara.pwt", "bendahara.pkp", "bendahara.pmk", "bendahara.pwt"]
    assert all(p.username == "" for p in personas(50) if p.kind == "public")


PAGE = b"""<!doctype html><html><head><title>Kasir \xc2\xb7 Karya</title></head><body>
<ul class="messages"><li class="error">Stok tidak cukup.</li></ul>
<a href="/upt/LPPWT/penjualan/7/">7</a><a href="/upt/LPPWT/penjualan/7/?x=1">again</a>
<a href="/upt/LPPWT/penjualan/daftar/">list</a>
<form method="get"><input name="q" value=""></form>
<form method="post" action="">
<input type="hidden" name="csrfmiddlewaretoken" value="tok">
<input type="number" name="qty-1" max="0" disabled><input type="number" name="qty-2" max="5">
<input type="radio" name="payment_method" value="cash" checked>
<input type="radio" name="payment_method" value="qris">
<select name="location"><option value="1">Galeri</option>
<option value="2" selected>Bazar</option></select>
<textarea name="note">x</textarea><button type="submit">Jual</button>
</form></body></html>"""


def page() -> Page:
    return Page("/upt/LPPWT/penjualan/kasir/", 400, PAGE, {}, 0.1)


def test_links_are_read_distinct_and_without_their_query():
    assert page().links_matching(r"/upt/LPPWT/penjualan/\d+/") == ["/upt/LPPWT/penjualan/7/"]


def test_a_post_form_is_read_as_a_browser_would_send_it():
    form = page().form_with("qty-")
    assert form.fields == {
        "csrfmiddlewaretoken": "tok",
        "qty-1": "",
        "qty-2": "",
        "payment_method": "cash",
        "location": "2",
        "note": "",
    }
    assert "disabled" in form.attrs["qty-1"] and form.attrs["qty-2"]["max"] == "5"
    assert form.selects["location"] == ["1", "2"]


def test_a_failure_is_explained_by_the_page_s_title_and_messages():
    assert page().explanation == "Kasir · Karya — Stok tidak cukup."


def test_percentiles_and_counts():
    assert percentile([], 0.95) == 0
    assert percentile([float(n) for n in range(1, 101)], 0.95) == 95
    recorder = Recorder()
    recorder.record("catalogue", 0.010)
    recorder.record("catalogue", 0.030)
    recorder.failure("catalogue", "/katalog/", 500, "boom")
    row = recorder.summary(["catalogue", "news list"])
    assert row["catalogue"] == {
        "requests": 2,
        "errors": 1,
        "p50_ms": 10.0,
        "p95_ms": 30.0,
        "max_ms": 30.0,
    }
    assert row["news list"]["requests"] == 0
