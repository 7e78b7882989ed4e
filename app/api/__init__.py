"""The JSON API under /api/v1 (APIFlask). Endpoints arrive with the plan-and-book work."""

from apiflask import APIBlueprint

bp = APIBlueprint("api", __name__, url_prefix="/api/v1")


def register_api(app) -> None:
    app.register_blueprint(bp)
