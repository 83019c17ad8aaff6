"""Where POP finds the files it ships with: templates, static, migrations, translations, seeds.

Found through importlib.resources: an installed wheel carries them inside the package (the build
hook in setup.py copies them there); a source checkout keeps them in the top-level folders of
the design card, beside the package. The instance folder (configuration, SQLite database) comes
from POP_INSTANCE_PATH; without it, `instance/` in a source checkout, and for an installed package
`<prefix>/var/pop-instance` (Flask's convention), never inside site-packages.
"""

import os
import sys
from importlib.resources import files
from pathlib import Path

PACKAGE = Path(str(files("pop")))
PROJECT_ROOT = PACKAGE.parent  # the source checkout (site-packages when installed)
IS_SOURCE_CHECKOUT = (PROJECT_ROOT / "pyproject.toml").is_file() and not (
    PACKAGE / "templates"
).is_dir()


def _shipped(name: str) -> Path:
    inside = PACKAGE / name
    return inside if inside.is_dir() else PROJECT_ROOT / name


TEMPLATES = _shipped("templates")
STATIC = _shipped("static")
MIGRATIONS = _shipped("migrations")
SEEDS = _shipped("seeds")
TRANSLATIONS = PACKAGE / "translations"


def instance_path() -> Path:
    configured = os.environ.get("POP_INSTANCE_PATH")
    if configured:
        return Path(configured)
    if IS_SOURCE_CHECKOUT:
        return PROJECT_ROOT / "instance"
    return Path(sys.prefix) / "var" / "pop-instance"


INSTANCE = instance_path()
