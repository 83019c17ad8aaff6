"""The page frame in Chromium: a compact header and a menu without JavaScript, error focus."""

from playwright.sync_api import expect

from pop.extensions import db
from pop.plan.current_cycle import current_cycle
from tests.conftest import PASSWORD, email_of


def test_the_small_screen_menu_works_without_javascript(browser, live_server, app, org):
    with app.app_context():
        current_cycle()  # the team page needs the year's cycle, which HR opens
        db.session.commit()
    context = browser.new_context(
        base_url=live_server, viewport={"width": 375, "height": 800}, java_script_enabled=False
    )
    page = context.new_page()
    try:
        page.goto("/auth/login")
        page.get_by_label("E-mailadres").fill(email_of(app, org.manager))
        page.get_by_label("Wachtwoord").fill(PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 80, header  # the header leaves the phone's screen to the page
        menu = page.get_by_role("navigation", name="Hoofdmenu")
        expect(menu).to_be_hidden()
        page.get_by_text("Menu", exact=True).click()
        expect(menu).to_be_visible()  # (axe-core needs JavaScript: the sweep scans this header)
        menu.get_by_role("link", name="Mijn team").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Mijn team")
    finally:
        context.close()


def test_after_an_invalid_submit_the_error_summary_has_the_focus(
    app, page, org, browser_login, assert_accessible
):
    with app.app_context():
        current_cycle()  # the goal form needs the year's cycle, which HR opens
        db.session.commit()
    browser_login(org.employee)
    page.goto("/pop/doelen/nieuw")
    page.get_by_role("button", name="Opslaan als concept").click()
    expect(page).to_have_title("Fout: Nieuw doel · POP")
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
