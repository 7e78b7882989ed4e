"""The API's one blueprint, on which every endpoint module registers its routes."""

from apiflask import APIBlueprint

from app.api import errors
from app.services import ServiceError

bp = APIBlueprint("api", __name__, url_prefix="/api/v1")
bp.register_error_handler(ServiceError, errors.service_error)
