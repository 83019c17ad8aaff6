"""Log in as each kind of user, switch language, and scan every page reached with axe-core."""

import re

from playwright.sync_api import expect


def test_login_page_is_accessible(page, assert_accessible):
    page.goto("/auth/login")
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()
    assert_accessible(page)


def test_failed_login_shows_an_accessible_error(page, org, assert_accessible):
    page.goto("/auth/login")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert").first).to_contain_text("Er is iets niet goed ingevuld")
    assert_accessible(page)


def test_employee_logs_in_and_sees_their_menu(page, org, browser_login, assert_accessible):
    browser_login(org.employee)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom, Sanne Medewerker")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Medewerkers")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Wachtwoord").click()
    expect(page.get_by_role("heading", name="Wachtwoord wijzigen")).to_be_visible()
    assert_accessible(page)


def test_manager_logs_in(page, org, browser_login, assert_accessible):
    browser_login(org.manager)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Marieke Manager")
    assert_accessible(page)


def test_hr_logs_in_and_reaches_the_people_admin(page, org, browser_login, assert_accessible):
    browser_login(org.hr)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Medewerkers").click()
    expect(page).to_have_url(re.compile(r"/hr/medewerkers"))
    assert_accessible(page)


def test_language_switch_is_remembered_for_the_user(page, org, browser_login, assert_accessible):
    browser_login(org.employee)
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Log out").click()
    page.context.clear_cookies()  # a new browser session: the language comes from the account
    browser_login(org.employee)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Nederlands").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_logout_ends_the_session(page, org, browser_login):
    browser_login(org.employee)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("status")).to_contain_text("Je bent uitgelogd.")
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/auth/login"))
