"""The start page and the health check."""

from flask import Blueprint, jsonify, render_template
from flask_login import current_user

from app.services import health
from app.services.reports import dashboard as dashboard_service
from app.time import LONDON, utc_now

bp = Blueprint("main", __name__)


@bp.get("/")
def dashboard():
    today = utc_now().astimezone(LONDON).date()
    summary = dashboard_service.summary(current_user, today)
    return render_template("main/dashboard.html", summary=summary)


@bp.get("/healthz")
def healthz():
    ok, detail = health.check_database()
    return jsonify({"status": "ok" if ok else "error", "database": detail}), 200 if ok else 503
