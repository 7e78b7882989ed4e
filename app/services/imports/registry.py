"""The kinds of import, in the order a service starting on Quorum brings them in."""

from app.services import NotFound
from app.services.imports import cases, chairs, leave, people, requests, rooms
from app.services.imports.columns import Kind

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (chairs.KIND, rooms.KIND, leave.KIND, people.KIND, cases.KIND, requests.KIND)
}


def kind_named(name: str) -> Kind:
    kind = KINDS.get(name)
    if kind is None:
        raise NotFound(f"There is no import of {name[:40]}.")
    return kind
