"""The JSON API's documentation page: Swagger UI from files served here (pinned, in
app/static/vendor/swagger-ui), started by a static script, reading /api/v1/openapi.json."""

from flask import Blueprint, render_template

bp = Blueprint("api_docs", __name__)


@bp.get("/api/v1/docs")
def docs():
    return render_template("api/docs.html")
