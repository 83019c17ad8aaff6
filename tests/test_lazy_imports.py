"""A worker holds only what serving pages needs: the libraries for PDFs, workbooks, calendar
files, SCIM's models, Authlib and the password dictionaries are imported by the request that
needs one, not when the app is created; Alembic only by what migrates."""

import subprocess
import sys

HEAVY = (
    "weasyprint",
    "openpyxl",
    "icalendar",
    "scim2_models",
    "pydantic",
    "authlib",
    "joserfc",
    "zxcvbn",
    "flask_migrate",
    "alembic",
    "mako",
    "segno",
)

PROBE = f"""
import sys
from pop import create_app
create_app({{"SECRET_KEY": "probe", "SQLALCHEMY_DATABASE_URI": "sqlite://"}})
print(",".join(name for name in {HEAVY!r} if name in sys.modules))
"""


def test_creating_the_app_imports_no_pdf_workbook_calendar_scim_oidc_or_migration_library():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == ""
