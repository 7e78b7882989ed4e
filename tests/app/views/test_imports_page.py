"""The import pages: a template to download, an upload previewed (counts, unknown columns,
every bad row) with nothing saved, then confirmed; the file kept server-side between the two,
never in a URL; admins only."""

import io
import re
from html import unescape

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.models import Chair
from tests.app.auth_helpers import signed_in_as
from tests.app.factories.rows import make_locality
from tests.app.factories.spreadsheets import csv_bytes, xlsx_bytes

HEADER = ["Name", "Email", "Base locality", "FTE", "Max meetings a day", "Max minutes a week"]
GOOD = [
    HEADER,
    ["Example Chair One", "one@example.org", "Testshire North", "0.5", 2, 600],
    ["Example Chair Two", "two@example.org", "Testshire North", "1", 3, 900],
]


@pytest.fixture(autouse=True)
def imports_dir(app, tmp_path):
    """Uploads between preview and confirmation go to the test's own folder."""
    app.config["QUORUM_IMPORTS_DIR"] = str(tmp_path / "imports")
    return tmp_path / "imports"


def _text(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


def _upload(client, content: bytes, name: str, kind: str = "chairs"):
    page = client.get(f"/imports/{kind}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    return client.post(
        f"/imports/{kind}",
        data={"csrf_token": token, "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _confirm(client, kind: str = "chairs"):
    page = client.get(f"/imports/{kind}").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)[1]
    return client.post(f"/imports/{kind}/confirm", data={"csrf_token": token})


def _chairs() -> int:
    return db.session.scalar(select(func.count()).select_from(Chair)) or 0


def test_an_upload_is_previewed_then_saved_when_the_admin_confirms(client, app):
    make_locality(name="Testshire North")
    signed_in_as(client, "admin")
    preview = _upload(client, xlsx_bytes([[*HEADER, "Favourite colour"], *GOOD[1:]]), "c.xlsx")
    page = _text(preview)
    assert preview.status_code == 200
    assert "2 rows read from the file" in page
    assert "To be added 2" in page and "To be changed 0" in page and "Unchanged 0" in page
    assert "will ignore it: Favourite colour" in page
    assert 'action="/imports/chairs/confirm"' in preview.get_data(as_text=True)
    assert _chairs() == 0
    saved = _confirm(client)
    assert saved.status_code == 302 and saved.headers["Location"] == "/imports/chairs"
    assert _chairs() == 2
    done = _text(client.get("/imports/chairs"))
    assert "Chairs imported: 2 added, 0 changed, 0 unchanged." in done


def test_the_file_waits_server_side_under_a_random_token_and_goes_once_saved(
    client, app, imports_dir
):
    make_locality(name="Testshire North")
    signed_in_as(client, "admin")
    preview = _upload(client, csv_bytes(GOOD), "one@example.org.csv")
    assert "one@example.org" not in preview.get_data(as_text=True)
    kept = sorted(path.suffix for path in imports_dir.iterdir())
    assert kept == [".json", ".upload"]
    assert (imports_dir / next(imports_dir.glob("*.upload")).name).read_bytes() == csv_bytes(GOOD)
    with client.session_transaction() as session:
        token = session["import_token"]
    assert len(token) >= 32 and next(imports_dir.glob("*.upload")).stem == token
    assert _confirm(client).status_code == 302
    assert list(imports_dir.iterdir()) == []
    again = _confirm(client)  # the same confirmation twice saves nothing more
    assert again.status_code == 302 and _chairs() == 2
    assert "no longer kept" in _text(client.get("/imports/chairs"))


def test_reimporting_shows_nothing_to_save_and_changes_nothing(client, app):
    make_locality(name="Testshire North")
    signed_in_as(client, "admin")
    _upload(client, csv_bytes(GOOD), "c.csv")
    _confirm(client)
    page = _text(_upload(client, csv_bytes(GOOD), "c.csv"))
    assert "To be added 0" in page and "Unchanged 2" in page
    assert "there is nothing to save" in page
    assert _chairs() == 2


def test_bad_rows_are_all_named_on_the_preview_and_it_cannot_be_saved(client, app):
    make_locality(name="Testshire North")
    signed_in_as(client, "admin")
    bad = [
        HEADER,
        ["", "one@example.org", "Testshire North", "0.5", 2, 600],
        ["Example Chair Two", "two", "Testshire North", "2", 3, 900],
    ]
    response = _upload(client, csv_bytes(bad), "c.csv")
    page = _text(response)
    assert response.status_code == 400
    assert "Nothing was imported: 3 problems in the file." in page
    assert "Row 2, Name: enter the chair's name" in page
    assert "Row 3, Email: 'two' is not an email address" in page
    assert "Row 3, FTE: FTE must be more than 0 and no more than 1" in page
    assert "/confirm" not in response.get_data(as_text=True)
    assert _confirm(client).status_code == 302  # nothing kept: refused, back to the form
    assert _chairs() == 0


def test_the_templates_have_the_header_row_and_a_synthetic_example(client):
    signed_in_as(client, "admin")
    response = client.get("/imports/chairs/template.csv")
    lines = response.get_data().decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Name,Email,Base locality,FTE,Roles,Working days")
    assert "example.org" in lines[1]
    book = load_workbook(io.BytesIO(client.get("/imports/chairs/template.xlsx").get_data()))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Name", "Email") and rows[1][1] == "example.chair.one@example.org"


def test_a_manager_or_a_chair_cannot_import(client, app):
    make_locality(name="Testshire North")
    signed_in_as(client, "manager")
    assert client.get("/imports").status_code == 403
    assert client.get("/imports/chairs/template.csv").status_code == 403
    response = client.post("/imports/chairs", data={"file": (io.BytesIO(csv_bytes(GOOD)), "c.csv")})
    assert response.status_code in (400, 403)
    assert _chairs() == 0


def test_the_reference_pages_link_to_their_import(client):
    signed_in_as(client, "admin")
    assert 'href="/imports/chairs"' in client.get("/chairs").get_data(as_text=True)
    assert 'href="/imports/rooms"' in client.get("/rooms").get_data(as_text=True)
    assert 'href="/imports/leave"' in client.get("/rooms").get_data(as_text=True)
    assert client.get("/imports/rooms").status_code == 200
    assert client.get("/imports/leave").status_code == 200
    assert 'href="/imports/people"' in client.get("/people").get_data(as_text=True)
    assert client.get("/imports/people").status_code == 200
    assert 'href="/imports/cases"' in client.get("/cases").get_data(as_text=True)
    assert client.get("/imports/cases").status_code == 200
    assert 'href="/imports/requests"' in client.get("/requests").get_data(as_text=True)
    assert client.get("/imports/requests").status_code == 200
    assert 'href="/imports/closures"' in client.get("/settings").get_data(as_text=True)
    assert client.get("/imports/closures").status_code == 200
    assert 'href="/imports"' in client.get("/imports/chairs").get_data(as_text=True)
