"""Quorum: meeting scheduling and hybrid-room booking for Independent Reviewing Services."""

import logging
import os
from pathlib import Path

from apiflask import APIFlask

from app import config as config_module


def create_app(test_config: dict | None = None) -> APIFlask:
    """Build the app: config → extensions → blueprints; nothing else (the CLI is app.cli)."""
    app = APIFlask(
        __name__,
        title="Quorum API",
        version="1",
        spec_path="/api/v1/openapi.json",
        # The API's docs page is Quorum's own (app.views.api_docs): APIFlask's loads Swagger UI
        # from a public CDN with an inline script, which the security policy refuses.
        docs_path=None,
        json_errors=False,  # HTML error pages for people; app.errors gives JSON under /api
        # Flask's own instance folder (instance/ beside app/ in a checkout, <venv>/var/app-instance
        # when installed) unless the deployment names one.
        instance_path=os.environ.get("QUORUM_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(config_module.shipped_folder("templates")),
    )
    _configure(app, test_config)
    _configure_logging(app)

    # Imported here, not at the top: a pure module (app.time, app.timescales, app.invites) is
    # imported through this package, and should not load the web app with it.
    from app.extensions import init_extensions

    init_extensions(app)

    from app import errors, input_guards, log_privacy, web_security
    from app.api import register_api
    from app.views import register_views

    _behind_proxies(app)
    input_guards.init_app(app)  # before the routes: it sets the <int:…> converter they use
    register_views(app)
    register_api(app)
    errors.init_app(app)
    web_security.init_app(app)
    log_privacy.init_app()
    return app


def _configure(app: APIFlask, test_config: dict | None) -> None:
    app.config.from_object(config_module.DefaultConfig)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("FLASK")
        app.config.update(config_module.load_environment())
    else:
        app.config.update(test_config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    config_module.finalise(app.config, app.instance_path)


def _behind_proxies(app: APIFlask) -> None:
    """Trust X-Forwarded-For and -Proto from the configured number of proxies (the council's
    reverse proxy), so sign-in limits count each client, not the proxy everyone shares."""
    hops = int(app.config["QUORUM_PROXY_HOPS"])
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]


def _configure_logging(app: APIFlask) -> None:
    # Logs carry ids and actions only; views never log form contents (children's data).
    level = getattr(logging, str(app.config["LOG_LEVEL"]).upper(), logging.INFO)
    app.logger.setLevel(level)
