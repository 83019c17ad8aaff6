"""An account's life in the browser: HR invites an imported employee by e-mail (a real SMTP
server), the employee chooses a password, sets up an authenticator app and logs in with a code;
an administrator resets the account. Every page on the way passes axe-core."""

import re
import time

import pyotp
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from pop.extensions import db
from pop.models import TotpState, User
from pop.models._time import utcnow
from tests.conftest import PASSWORD, email_of
from tests.notifications.conftest import body_text

EMPLOYEE_EMAIL = "noor.nieuw@gemeente.example"
EMPLOYEE_PASSWORD = "paars fietspad onder de brug"


@pytest.fixture
def app_config(mail_app_config):
    # HR and the administrator must use a second factor, as in production.
    return {**mail_app_config, "WTF_CSRF_ENABLED": True, "MFA_REQUIRED_ROLES": ("hr", "admin")}


@pytest.fixture
def mail_app_config(smtp_server):
    return dict(smtp_server.config)


@pytest.fixture
def smtp_server():
    from tests.notifications.conftest import Collecting, _serve

    yield from _serve(Collecting())


def _enrolled(app, user_id: int) -> str:
    """Give an account a confirmed authenticator app; its secret."""
    secret = pyotp.random_base32()
    with app.app_context():
        db.session.add(TotpState(user_id=user_id, secret=secret, confirmed_at=utcnow()))
        db.session.commit()
    return secret


def _import_employee(app, runner, tmp_path) -> int:
    csv_file = tmp_path / "medewerkers.csv"
    csv_file.write_text(
        "personeelsnummer;naam;e-mail;afdeling;leidinggevende;functie;rollen\n"
        f"7001;Noor Nieuw;{EMPLOYEE_EMAIL};Dienstverlening;;;medewerker\n",
        encoding="utf-8",
    )
    result = runner.invoke(args=["import-people", str(csv_file)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        person = db.session.scalar(select(User).where(func.lower(User.email) == EMPLOYEE_EMAIL))
        assert person.password_hash is None
        return person.id


def _code(secret: str, spent: set[str]) -> str:
    """A code not used before: the app's current one, or the next step's."""
    totp = pyotp.TOTP(secret)
    for code in (totp.now(), totp.at(time.time() + 30)):
        if code not in spent:
            spent.add(code)
            return code
    raise AssertionError("no fresh code")


def _log_in(page, email, password, secret=None, spent=None, assert_accessible=None):
    page.goto("/auth/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    if secret is not None:
        expect(page.get_by_role("heading", name="Code invullen")).to_be_visible()
        if assert_accessible:
            assert_accessible(page)
        page.get_by_label("Code").fill(_code(secret, spent))
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()


def _link_in(smtp_server, email: str, count: int) -> str:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        messages = smtp_server.handler.to(email)
        if len(messages) >= count:
            return re.search(
                r"https?://\S+/auth/wachtwoord-instellen/\S+", body_text(messages[-1])
            )[0]
        time.sleep(0.1)
    raise AssertionError(f"no mail {count} for {email}")


def test_invite_set_password_enrol_log_in_with_a_code_and_reset(
    app, runner, org, browser, live_server, smtp_server, tmp_path, assert_accessible
):
    app.config["PUBLIC_URL"] = live_server  # links in the mail lead back to this server
    employee_id = _import_employee(app, runner, tmp_path)
    hr_secret, admin_secret = _enrolled(app, org.hr), _enrolled(app, org.admin)
    spent: dict[str, set[str]] = {"hr": set(), "admin": set(), "employee": set()}

    hr = browser.new_context(base_url=live_server, locale="nl-NL").new_page()
    _log_in(hr, email_of(app, org.hr), PASSWORD, hr_secret, spent["hr"], assert_accessible)
    hr.goto(f"/hr/medewerkers/{employee_id}")
    hr.get_by_role("button", name="Uitnodiging sturen").click()
    expect(hr.get_by_role("status").first).to_contain_text(
        f"De uitnodiging is verstuurd naar {EMPLOYEE_EMAIL}"
    )
    assert_accessible(hr)

    link = _link_in(smtp_server, EMPLOYEE_EMAIL, 1)
    assert link.startswith(live_server)
    employee = browser.new_context(base_url=live_server, locale="nl-NL").new_page()
    employee.goto(link)
    expect(employee.get_by_role("heading", name="Wachtwoord kiezen")).to_be_visible()
    assert_accessible(employee)
    employee.get_by_label("Nieuw wachtwoord", exact=True).fill("Wachtwoord2026")
    employee.get_by_label("Herhaal nieuw wachtwoord").fill("Wachtwoord2026")
    employee.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(employee.get_by_role("alert").first).to_contain_text("te makkelijk te raden")
    assert_accessible(employee)
    employee.get_by_label("Nieuw wachtwoord", exact=True).fill(EMPLOYEE_PASSWORD)
    employee.get_by_label("Herhaal nieuw wachtwoord").fill(EMPLOYEE_PASSWORD)
    employee.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(employee.get_by_role("status").first).to_contain_text("Je wachtwoord is ingesteld")
    assert_accessible(employee)

    _log_in(employee, EMPLOYEE_EMAIL, EMPLOYEE_PASSWORD)
    employee.goto("/auth/password")
    employee.get_by_role("link", name="Tweestapsverificatie instellen of beheren").click()
    expect(
        employee.get_by_role("img", name="QR-code om POP aan je app toe te voegen")
    ).to_be_visible()
    assert_accessible(employee)
    secret = employee.locator("#totp-secret").inner_text()
    employee.get_by_label("Code uit de app").fill(_code(secret, spent["employee"]))
    employee.get_by_role("button", name="Instellen").click()
    expect(employee.get_by_role("heading", name="Je herstelcodes")).to_be_visible()
    assert employee.locator(".recovery-codes li").count() == 10
    assert_accessible(employee)
    employee.get_by_role("button", name="Uitloggen").click()
    _log_in(employee, EMPLOYEE_EMAIL, EMPLOYEE_PASSWORD, secret, spent["employee"])
    employee.goto("/auth/tweestapsverificatie")
    expect(employee.get_by_text("Je hebt nog 10 ongebruikte herstelcodes.")).to_be_visible()
    assert_accessible(employee)

    admin = browser.new_context(base_url=live_server, locale="nl-NL").new_page()
    _log_in(admin, email_of(app, org.admin), PASSWORD, admin_secret, spent["admin"])
    admin.goto(f"/hr/medewerkers/{employee_id}")
    admin.get_by_role("button", name="Toegang herstellen").click()
    expect(admin.get_by_role("status").first).to_contain_text(
        "De toegang van Noor Nieuw is hersteld"
    )
    assert_accessible(admin)
    _link_in(smtp_server, EMPLOYEE_EMAIL, 2)

    employee.reload()
    expect(employee).to_have_url(re.compile(r"/auth/login"))  # the session ended
    employee.get_by_label("E-mailadres").fill(EMPLOYEE_EMAIL)
    employee.get_by_label("Wachtwoord").fill(EMPLOYEE_PASSWORD)
    employee.get_by_role("button", name="Inloggen").click()
    expect(employee.get_by_role("alert").first).to_contain_text("Onbekende combinatie")
    with app.app_context():
        assert db.session.get(TotpState, employee_id) is None
    for context_page in (hr, employee, admin):
        context_page.context.close()


def test_the_forgotten_password_page_is_accessible(page, assert_accessible):
    page.goto("/auth/login")
    page.get_by_role("link", name="Wachtwoord vergeten?").click()
    expect(page.get_by_role("heading", name="Wachtwoord vergeten")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("E-mailadres").fill("niemand@gemeente.example")
    page.get_by_role("button", name="Stuur de link").click()
    expect(page.get_by_role("status").first).to_contain_text("Als dit adres bij een account hoort")
    assert_accessible(page)
