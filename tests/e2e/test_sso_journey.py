"""An employee logs in with the organisation's account (a real OpenID Connect provider) and out."""

import re

from playwright.sync_api import expect

from tests.oidc_provider import CLIENT_SECRET, running_provider

ACCOUNTS = {"sub-sanne": {"email": "sanne@gemeente.nl", "email_verified": True, "name": "Sanne"}}


def _only_loopback(route) -> None:
    # No internet: the provider's pages ask for web fonts, which must not leave the machine.
    if re.match(r"https?://127\.0\.0\.1[:/]", route.request.url):
        route.continue_()
    else:
        route.abort()


def test_employee_logs_in_through_the_provider_and_out_again(
    app, page, live_server, make_user, assert_accessible
):
    make_user("Sanne Medewerker", email="sanne@gemeente.nl")
    with running_provider([live_server], ACCOUNTS) as issuer:
        app.config.update(
            AUTH_MODE="both",
            OIDC_ISSUER=issuer,
            OIDC_CLIENT_ID="pop",
            OIDC_CLIENT_SECRET=CLIENT_SECRET,
            OIDC_ORGANISATION_NAME="Gemeente Voorbeeld",
        )
        page.context.route("**/*", _only_loopback)

        page.goto("/auth/login")
        assert_accessible(page)
        page.get_by_role("link", name="Inloggen met Gemeente Voorbeeld").click()

        page.wait_for_url(f"{issuer}/**")
        page.locator("input[name=login]").fill("sub-sanne")
        page.locator("input[name=password]").fill("wachtwoord-bij-de-organisatie")
        page.get_by_role("button", name="Sign-in").click()
        page.get_by_role("button", name="Continue").click()

        page.wait_for_url(f"{live_server}/")
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        expect(page.get_by_text("Sanne Medewerker").first).to_be_visible()
        assert_accessible(page)

        page.get_by_role("button", name="Uitloggen").click()
        page.wait_for_url(f"{issuer}/**")
        page.get_by_role("button", name="Yes, sign me out").click()

        page.wait_for_url(f"{live_server}/auth/login**")
        expect(page.get_by_text("Je bent uitgelogd.")).to_be_visible()
        assert_accessible(page)
        page.goto("/")
        expect(page).to_have_url(re.compile(r"/auth/login"))

        # The provider's session ended too: the next log-in asks who you are again.
        page.get_by_role("link", name="Inloggen met Gemeente Voorbeeld").click()
        expect(page.locator("input[name=login]")).to_be_visible()
