"""The search box: cases by reference, people by family name, meetings by invite reference or
chair; a chair finds only their own meetings; the term never reaches a URL or a log line."""

import logging
import re
import socket
import threading
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from http.cookiejar import CookieJar

import time_machine
from werkzeug.serving import make_server

from app.extensions import db
from app.models import CaseParty
from app.services.notifications.notices import invite_reference
from tests.app.auth_helpers import (
    TEST_AUTHENTICATOR_KEY,
    csrf_token,
    enrol,
    next_code,
    sign_in,
    signed_in_as,
)
from tests.app.factories.rows import (
    TEST_PASSWORD,
    make_case,
    make_chair,
    make_meeting,
    make_person,
    make_request,
    make_user,
)

CANARY = "Quillfeather"
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


def _search(client, term: str):
    return client.post("/search", data={"q": term, "csrf_token": csrf_token(client, "/search")})


def _section(text: str, group: str) -> str:
    start = text.find(f'id="{group}"')
    return "" if start < 0 else text[start:].split("</ul>")[0]


def test_every_signed_in_page_carries_a_search_box_that_posts(client):
    signed_in_as(client, "admin")

    text = client.get("/").get_data(as_text=True)

    assert 'action="/search" class="quorum-search" role="search"' in text
    assert 'method="post" action="/search"' in text


def test_a_case_is_found_by_its_reference(client):
    case = make_case(reference="CZ7Q2K")
    make_case(reference="CA1111")
    db.session.commit()
    signed_in_as(client, "admin")

    response = _search(client, "cz7q")

    assert response.status_code == 200
    cases = _section(response.get_data(as_text=True), "cases")
    assert f'href="/cases/{case.id}"' in cases and "CA1111" not in cases


def test_a_person_is_found_by_family_name_with_the_cases_they_are_a_party_to(client):
    case = make_case(reference="CPARTY1")
    person = make_person(name=f"Tamsin {CANARY}", role="parent")
    make_person(name="Joanna Quill")  # no word of hers starts "quillf"
    make_person(name="Rob Aquillfeather")  # inside a word: not found
    db.session.add(CaseParty(case=case, person=person, relationship_to_case="mother"))
    db.session.commit()
    signed_in_as(client, "manager")

    people = _section(_search(client, "quillf").get_data(as_text=True), "people")

    assert f'href="/people/{person.id}"' in people
    assert f'mother in <a class="govuk-link" href="/cases/{case.id}">CPARTY1</a>' in people
    assert "Aquillfeather" not in people and "Joanna" not in people


def test_a_meeting_is_found_by_its_invite_reference(client):
    meeting = make_meeting()
    db.session.commit()
    signed_in_as(client, "admin")

    text = _search(client, f"ref {invite_reference(meeting)}").get_data(as_text=True)

    assert f'href="/meetings/{meeting.id}"' in _section(text, "meetings")


def test_a_chairs_meetings_are_found_by_the_chairs_name(client):
    chair = make_chair(name="Chair Ottoline Marsh")
    meeting = make_meeting(chair=chair, starts_at=datetime(2026, 3, 5, 10, tzinfo=UTC))
    other = make_meeting(starts_at=datetime(2026, 3, 5, 10, tzinfo=UTC))
    db.session.commit()

    with time_machine.travel(NOW, tick=False):
        signed_in_as(client, "admin")
        meetings = _section(_search(client, "marsh").get_data(as_text=True), "meetings")

    assert f'href="/meetings/{meeting.id}"' in meetings
    assert f'href="/meetings/{other.id}"' not in meetings


def test_a_chair_finds_only_their_own_meetings_and_no_cases_or_people(client):
    mine, theirs = make_chair(), make_chair()
    mine.user = make_user(role="chair")
    case = make_case(reference="CCHAIR1")
    own = make_meeting(chair=mine, request=make_request(case=case))
    other = make_meeting(chair=theirs, request=make_request(case=case))
    make_person(name=f"Ann {CANARY}")
    db.session.commit()
    sign_in(client, mine.user)

    found_own = _search(client, invite_reference(own)).get_data(as_text=True)
    found_other = _search(client, invite_reference(other)).get_data(as_text=True)
    found_case = _search(client, "CCHAIR1").get_data(as_text=True)
    found_person = _search(client, CANARY).get_data(as_text=True)

    assert f'href="/meetings/{own.id}"' in found_own
    if invite_reference(other) != invite_reference(own):  # four characters may collide
        assert f'href="/meetings/{other.id}"' not in found_other
    assert 'id="cases"' not in found_case and CANARY not in found_person.split("</form>")[-1]


def test_a_search_without_the_forms_token_is_refused(client):
    signed_in_as(client, "admin")

    response = client.post("/search", data={"q": "anything"})

    assert response.status_code == 400


def test_the_results_are_the_answer_to_the_post_and_never_cached(client):
    make_person(name=f"Ann {CANARY}")
    db.session.commit()
    signed_in_as(client, "admin")

    response = _search(client, CANARY)

    assert response.status_code == 200 and "Location" not in response.headers
    assert "no-store" in response.headers["Cache-Control"]
    assert CANARY in _section(response.get_data(as_text=True), "people")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _browser_sign_in(base: str, user) -> tuple:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def token(path: str) -> str:
        page = opener.open(base + path).read().decode()
        return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)

    def post(path: str, fields: dict):
        data = {**fields, "csrf_token": token(path)}
        return opener.open(base + path, data=urllib.parse.urlencode(data).encode())

    email = user.email
    db.session.rollback()  # reading the email began a transaction: SQLite's lock is freed
    post("/login", {"email": email, "password": TEST_PASSWORD})
    post("/login/code", {"code": next_code(user, TEST_AUTHENTICATOR_KEY)})
    return opener, post


def test_the_searched_term_is_in_no_request_log_line(app, caplog):
    user = make_user(role="admin")
    db.session.commit()
    enrol(user)
    make_person(name=f"Ann {CANARY}")
    db.session.commit()
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        with caplog.at_level(logging.INFO, logger="werkzeug"):
            _opener, post = _browser_sign_in(base, user)
            page = post("/search", {"q": CANARY}).read().decode()
    finally:
        server.shutdown()
    lines = [record.getMessage() for record in caplog.records if record.name == "werkzeug"]
    assert CANARY in page  # it was found…
    assert any("POST /search HTTP/1.1" in line for line in lines), lines
    assert not any(CANARY in line for line in lines)  # …and no log line names it
