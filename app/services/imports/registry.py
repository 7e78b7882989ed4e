"""The kinds of import, in the order a service starting on Quorum brings them in."""

from app.services import NotFound
from app.services.imports import cases, chairs, closures, leave, people, requests, rooms
from app.services.imports.columns import Kind

_IN_ORDER = (chairs, rooms, leave, closures, people, cases, requests)
KINDS: dict[str, Kind] = {module.KIND.name: module.KIND for module in _IN_ORDER}


def kind_named(name: str) -> Kind:
    kind = KINDS.get(name)
    if kind is None:
        raise NotFound(f"There is no import of {name[:40]}.")
    return kind
