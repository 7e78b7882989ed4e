"""What the room, chair, person and locality pages have in common, written once and run for each
kind of record it applies to: list filters, retire, audit on create, chairs refused, a bad edit
changing nothing, and the tables' CHECK constraints. Unavailability periods on the room, chair
and person pages are in tests/app/services/reference/test_unavailability.py; what only one area
does is tested in that area's own module (test_rooms.py and so on)."""

from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Unavailability
from tests.app.factories.reference_forms import (
    CHAIR,
    LOCALITY,
    PERSON,
    RECORDS,
    RETIRED,
    ROOM,
    Browser,
    chair_data,
    count,
    last_audit,
    make_unavailability,
    person_data,
    room_data,
)
from tests.app.factories.rows import make_chair, make_locality, make_person, make_room


@pytest.fixture
def admin(client):
    return Browser(client, "admin")


# The texts are formatted with the new row, so the locality the factory made can be named.
@pytest.mark.parametrize(
    ("kind", "fields", "texts"),
    [
        pytest.param(ROOM, {}, ["{row.name}", "{row.locality.name}"], id="room"),
        pytest.param(CHAIR, {}, ["{row.name}", "{row.base_locality.name}"], id="chair"),
        pytest.param(
            PERSON, {"role": "health_visitor"}, ["{row.name}", "Health visitor"], id="person"
        ),
        pytest.param(LOCALITY, {}, ["{row.name}"], id="locality"),
    ],
)
def test_the_list_shows_a_records_name_and_where_or_what_it_is(admin, kind, fields, texts):
    row = kind.make(**{"name": kind.names[0], **fields})
    expected = [text.format(row=row) for text in texts]
    db.session.commit()
    page = admin.page(kind.pages)
    assert all(text in page for text in expected), expected


# The first of the kind's names is the row to be listed; the query is formatted with that row.
@pytest.mark.parametrize(
    ("kind", "wanted", "other", "query"),
    [
        pytest.param(ROOM, {}, {}, "q=WITH", id="room-name"),
        pytest.param(ROOM, {}, {}, "locality={row.locality_id}", id="room-locality"),
        pytest.param(ROOM, {"hybrid": "none"}, {"hybrid": "full"}, "hybrid=none", id="room-hybrid"),
        pytest.param(CHAIR, {}, {}, "q=turing", id="chair-name"),
        pytest.param(
            CHAIR,
            {"roles": "chair team_manager"},
            {"roles": "chair"},
            "role=team_manager",
            id="chair-role",
        ),
        pytest.param(CHAIR, {}, {}, "locality={row.base_locality_id}", id="chair-base-locality"),
        pytest.param(PERSON, {}, {}, "q=blog", id="person-name"),
        pytest.param(PERSON, {"role": "gp"}, {"role": "parent"}, "role=gp", id="person-role"),
        pytest.param(LOCALITY, {}, {}, "q=bos", id="locality-name"),
    ],
)
def test_the_list_shows_only_the_records_a_filter_matches(admin, kind, wanted, other, query):
    row = kind.make(**{"name": kind.names[0], **wanted})
    kind.make(**{"name": kind.names[1], **other})
    query = query.format(row=row)
    db.session.commit()
    page = admin.page(f"{kind.pages}?{query}")
    assert kind.names[0] in page and kind.names[1] not in page


@pytest.mark.parametrize("kind", RECORDS)
def test_a_retired_record_is_hidden_from_the_default_list(admin, kind):
    kind.make(name=kind.names[0], retired_at=RETIRED)
    db.session.commit()
    assert kind.names[0] not in admin.page(kind.pages)


@pytest.mark.parametrize("kind", RECORDS)
def test_a_retired_record_is_listed_when_asked(admin, kind):
    kind.make(name=kind.names[0], retired_at=RETIRED)
    db.session.commit()
    assert kind.names[0] in admin.page(f"{kind.pages}?retired=y")


@pytest.mark.parametrize(
    ("kind", "data"),
    [
        pytest.param(ROOM, lambda: room_data(make_locality()), id="room"),
        pytest.param(CHAIR, lambda: chair_data(make_locality()), id="chair"),
        pytest.param(PERSON, person_data, id="person"),
        pytest.param(LOCALITY, lambda: {"name": "Sleaford"}, id="locality"),
    ],
)
def test_creating_a_record_writes_an_audit_row_naming_who_did_it(admin, kind, data):
    admin.post(f"{kind.pages}/new", data())
    event = last_audit()
    assert (event.action, event.object_type, event.actor_id) == (
        f"{kind.name}.created",
        kind.model.__name__,
        admin.user.id,
    )


@pytest.mark.parametrize(
    ("kind", "fields", "bad_data", "field"),
    [
        pytest.param(
            ROOM,
            {"capacity": 8},
            lambda row: room_data(row.locality, capacity="0"),
            "capacity",
            id="room-capacity-of-zero",
        ),
        pytest.param(
            CHAIR,
            {"fte": Decimal("1.00")},
            lambda row: chair_data(row.base_locality, fte="2"),
            "fte",
            id="chair-fte-of-two",
        ),
        pytest.param(
            PERSON, person_data(), lambda row: person_data(name=""), "name", id="person-no-name"
        ),
    ],
)
def test_a_bad_edit_changes_nothing(admin, kind, fields, bad_data, field):
    row = kind.make(**fields)
    before = getattr(row, field)
    db.session.commit()
    response = admin.post(f"{kind.pages}/{row.id}/edit", bad_data(row))
    assert response.status_code == 400
    assert getattr(db.session.get(kind.model, row.id), field) == before


@pytest.mark.parametrize("kind", RECORDS)
def test_retiring_a_record_marks_it_retired_and_is_audited(admin, kind):
    row = kind.make()
    db.session.commit()
    assert admin.post(f"{kind.pages}/{row.id}/retire").status_code == 302
    assert db.session.get(kind.model, row.id).retired_at is not None
    assert last_audit().action == f"{kind.name}.retired"


def a_chair_and_a_record(client, kind):
    """A signed-in chair with leave on their own chair record, and a record of `kind` (of
    chairs, that own record), so a refused page can be seen to have changed nothing."""
    chair = Browser(client, "chair")
    own = make_chair(user_id=chair.user.id)
    make_unavailability(chair_id=own.id)
    return chair, own if kind is CHAIR else kind.make()


def counts(model) -> tuple[int, int]:
    return count(model), count(Unavailability)


RECORD_PAGES = [
    ("get", ""),
    ("get", "/new"),
    ("post", "/new"),
    ("get", "/{id}"),
    ("get", "/{id}/edit"),
    ("post", "/{id}/edit"),
    ("post", "/{id}/retire"),
]


@pytest.mark.parametrize(
    ("kind", "method", "path"),
    [
        pytest.param(kind, method, kind.pages + path, id=f"{method}-{kind.pages}{path}")
        for kind in (ROOM, CHAIR, PERSON, LOCALITY)
        for method, path in RECORD_PAGES
    ],
)
def test_a_chair_is_refused_every_page_of_a_record_even_their_own(client, kind, method, path):
    chair, row = a_chair_and_a_record(client, kind)
    before = counts(kind.model)
    response = getattr(chair, method)(path.format(id=row.id))
    assert response.status_code == 403
    assert counts(kind.model) == before
    assert db.session.get(kind.model, row.id).retired_at is None


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        pytest.param(kind, path, id=f"post-{kind.pages}/{{id}}/{kind.periods}{path}")
        for kind in (ROOM, CHAIR, PERSON)
        for path in ("", "/{period}/remove")
    ],
)
def test_a_chair_is_refused_the_unavailability_forms_even_their_own(client, kind, path):
    chair, row = a_chair_and_a_record(client, kind)
    period = kind.add_period(row)
    before = counts(kind.model)
    response = chair.post(kind.periods_url(row) + path.format(period=period.id))
    assert response.status_code == 403
    assert counts(kind.model) == before


@pytest.mark.parametrize(
    "make_row",
    [
        pytest.param(lambda: make_room(capacity=0), id="room-capacity-of-zero"),
        pytest.param(lambda: make_room(hybrid="partial"), id="room-unknown-hybrid-level"),
        pytest.param(lambda: make_chair(fte=Decimal("1.5")), id="chair-fte-over-one"),
        pytest.param(lambda: make_chair(max_meetings_per_day=0), id="chair-daily-cap-of-zero"),
        pytest.param(lambda: make_chair(working_days=""), id="chair-no-working-days"),
        pytest.param(lambda: make_person(name=" "), id="person-blank-name"),
        pytest.param(lambda: make_locality(name="  "), id="locality-blank-name"),
    ],
)
def test_the_database_refuses_a_row_its_check_constraints_forbid(app, make_row):
    with pytest.raises(IntegrityError):
        make_row()
