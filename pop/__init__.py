"""POP: personal development plans grown from function descriptions, and the gesprekscyclus."""

from pathlib import Path

from flask import Flask

from pop import resources
from pop.config import DEVELOPMENT_SECRET_KEY, Defaults
from pop.converters import DatabaseIntConverter
from pop.resources import PROJECT_ROOT  # noqa: F401  (where tests and tools find the source)


def create_app(test_config: dict | None = None) -> Flask:
    """Build the application: defaults, then instance/config.py, then POP_* variables."""
    app = Flask(
        __name__,
        instance_path=str(resources.instance_path()),
        instance_relative_config=True,
        template_folder=str(resources.TEMPLATES),
        static_folder=str(resources.STATIC),
    )
    app.url_map.converters["int"] = DatabaseIntConverter
    app.config.from_object(Defaults)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("POP")
    else:
        app.config.from_mapping(test_config)
    _settle_config(app)

    from pop import database, dates, extensions, i18n, models, security  # noqa: F401  (tables)

    database.init_app(app)
    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(resources.MIGRATIONS))
    extensions.csrf.init_app(app)
    dates.init_app(app)
    i18n.init_app(app)
    security.init_app(app)

    from pop.audit_log.views import bp as audit_log_bp
    from pop.auth.account_views import bp as account_bp
    from pop.auth.mfa_views import bp as mfa_bp
    from pop.auth.oidc import bp as oidc_bp
    from pop.auth.oidc import init_app as init_oidc
    from pop.auth.views import bp as auth_bp
    from pop.catalogue.views import bp as catalogue_bp
    from pop.conversations.cycles.calendar_views import bp as cycle_calendar_bp
    from pop.conversations.cycles.views import bp as cycles_bp
    from pop.conversations.views import bp as conversations_bp
    from pop.feedback.views import bp as feedback_bp
    from pop.hr.views import bp as hr_bp
    from pop.imports.views import bp as imports_bp
    from pop.main.views import bp as main_bp
    from pop.notifications.views import bp as notifications_bp
    from pop.objections.views import bp as objections_bp
    from pop.people.views import bp as people_bp
    from pop.plan.views import bp as plan_bp
    from pop.privacy.views import bp as privacy_bp
    from pop.reports.views import bp as reports_bp
    from pop.scim.admin_views import bp as scim_admin_bp
    from pop.scim.views import bp as scim_bp
    from pop.shared_goals.views import bp as shared_goals_bp
    from pop.team.views import bp as team_bp

    for blueprint in (
        main_bp,
        auth_bp,
        mfa_bp,
        account_bp,
        oidc_bp,
        catalogue_bp,
        plan_bp,
        team_bp,
        conversations_bp,
        feedback_bp,
        shared_goals_bp,
        objections_bp,
        cycles_bp,
        cycle_calendar_bp,
        people_bp,
        hr_bp,
        reports_bp,
        audit_log_bp,
        privacy_bp,
        notifications_bp,
        scim_bp,
        imports_bp,
        scim_admin_bp,
    ):
        app.register_blueprint(blueprint)

    from pop import audit_history, audit_labels, charts, errors, observability, row_urls
    from pop.cli import register_commands

    errors.init_app(app)
    init_oidc(app)
    observability.init_app(app)
    audit_labels.init_app(app)
    audit_history.init_app(app)
    row_urls.init_app(app)
    charts.init_app(app)
    register_commands(app)
    return app


def _settle_config(app: Flask) -> None:
    database_url = app.config.pop("DATABASE_URL", None)
    if database_url:
        app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_database_url(database_url)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["SQLALCHEMY_DATABASE_URI"] = (
            f"sqlite:///{Path(app.instance_path) / 'pop.sqlite'}"
        )
    if app.config["ENV"] == "production":
        if app.config["SECRET_KEY"] in (None, "", DEVELOPMENT_SECRET_KEY):
            raise RuntimeError(
                "POP refuses to start in production with the development secret key: "
                "set SECRET_KEY in instance/config.py or POP_SECRET_KEY."
            )
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True


def _normalise_database_url(url: str) -> str:
    # Accept the plain postgresql:// form people copy from their hosting panel.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
