"""Moving around: the language switch and the unit switcher."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from karya.tests.factories import InmateFactory, grant

pytestmark = pytest.mark.browser


def test_switch_to_english_and_back(page, log_in, officer, facility, inmates):
    log_in(page, officer)
    page.goto(f"/upt/{facility.code}/wbp/?q=agus")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registrasi WBP")

    page.get_by_role("button", name="English").click()
    # Same page, same search, now in English.
    expect(page.get_by_role("heading", level=1)).to_have_text("Inmate registry")
    expect(page).to_have_url(re.compile(r"/wbp/\?q=agus$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Search")).to_be_visible()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    expect(page.get_by_role("link", name="Inmates", exact=True)).to_be_visible()
    expect(page.locator("table.table tbody tr")).to_have_count(1)

    # The choice sticks for the next page.
    page.get_by_role("link", name="Agus Sapulidi").click()
    expect(page.locator("dl.details")).to_contain_text("Registration number")
    expect(page.locator("dl.details")).to_contain_text("Prisoner (narapidana)")

    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.locator("dl.details")).to_contain_text("No. registrasi")
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def test_user_of_two_units_switches_unit(
    page, log_in, officer, facility, other_facility, inmates, screenshot
):
    grant(officer, "officer", facility=other_facility)
    with scopes_disabled():
        InmateFactory(facility=other_facility, name="Joko Anyamjati", registration_number="N.1")

    log_in(page, officer)
    # Units are listed by name: the first is home.
    expect(page).to_have_url(re.compile(rf"/upt/{facility.code}/$"))
    page.get_by_role("link", name="WBP", exact=True).click()
    expect(page.get_by_role("link", name="Agus Sapulidi")).to_be_visible()

    switcher = page.locator("details.switcher")
    switcher.locator("summary").click()
    expect(switcher.get_by_role("link", name=facility.name)).to_have_attribute(
        "aria-current", "page"
    )
    screenshot(page, "ganti-upt")
    switcher.get_by_role("link", name=other_facility.name).click()
    expect(page).to_have_url(re.compile(rf"/upt/{other_facility.code}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(other_facility.name)
    expect(switcher.locator("summary")).to_have_text(other_facility.code)

    page.get_by_role("link", name="WBP", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/upt/{other_facility.code}/wbp/$"))
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Joko Anyamjati")

    # Karya remembers the unit last worked in.
    page.goto("/")
    expect(page).to_have_url(re.compile(rf"/upt/{other_facility.code}/$"))
