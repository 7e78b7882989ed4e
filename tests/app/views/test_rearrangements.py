"""The Rearrange pages (staff only): record a change from its form, watch the repair run, read
the preview, confirm or discard; the history and the counts by reason and month. The repair is
solved by the scheduler's own function, called here."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Approval,
    AuditEvent,
    Meeting,
    MeetingRequest,
    OutboxMessage,
    PlanRun,
    Rearrangement,
    RearrangementMove,
    Unavailability,
)
from app.services.planning import runs as plan_runs
from app.services.rearranging.rearrangements import Change, record_change
from app.services.rearranging.repairs import preview
from tests.app.auth_helpers import csrf_token, signed_in_as
from tests.app.factories.booked_county import make_county
from tests.app.factories.rows import NOW, make_meeting

TUESDAY = date(2026, 3, 3)


@pytest.fixture(autouse=True)
def at_now():
    """The pages read the clock (utc_now): it is Monday 2 March 2026, as in the factories."""
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def county(app):
    """Chair A's two meetings on Tuesday, chair B's one on Wednesday (see make_county)."""
    return make_county()


def _day(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]  # a GOV.UK date input's three boxes


def _sick_form(sick_chair, first=TUESDAY, last=TUESDAY, **overrides) -> dict:
    form = {"chair": str(sick_chair.id), "first_day": _day(first), "last_day": _day(last)}
    return {**form, "reason": "chair_absence", "reason_text": "", **overrides}


def _post(client, url: str, data: dict):
    return client.post(url, data={**data, "csrf_token": csrf_token(client, url)})


def _record_sickness(client, sick_chair, **overrides):
    return _post(client, "/rearrangements/chair", _sick_form(sick_chair, **overrides))


def _run_the_queue():
    db.session.commit()
    run = plan_runs.execute_next_plan_run(lambda: NOW, deterministic=True, workers=1)
    db.session.expire_all()
    return run


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _page(client, response) -> str:
    return client.get(response.headers["Location"]).get_data(as_text=True)


def test_recording_a_chairs_sickness_queues_a_repair_and_its_page_shows_the_progress(
    client, county
):
    signed_in_as(client, "admin")
    chair = county["chairs"][0]

    response = _record_sickness(client, chair)
    page = _page(client, response)

    run = db.session.scalar(select(PlanRun))
    assert response.status_code == 302 and run.kind == "repair" and run.status == "queued"
    assert f"{chair.name} unavailable on Tue 3 Mar 2026" in page and "Chair absence" in page
    assert re.search(rf'hx-get="/plans/{run.id}/progress" hx-trigger="every 1s"', page)
    assert "Queued" in page and "Confirm these changes" not in page


def test_a_repair_runs_plan_page_sends_the_admin_to_its_rearrangement(client, county):
    signed_in_as(client, "admin")
    rearrangement_page = _record_sickness(client, county["chairs"][0]).headers["Location"]
    run = db.session.scalar(select(PlanRun))

    response = client.get(f"/plans/{run.id}")

    assert response.status_code == 302 and response.headers["Location"] == rearrangement_page


def test_once_the_run_is_done_the_page_previews_each_move_and_who_is_told(client, county):
    signed_in_as(client, "admin")
    sick, other = county["chairs"]
    response = _record_sickness(client, sick)
    _run_the_queue()

    page = _page(client, response)

    assert "2 meetings would move; 1 left unchanged" in page
    moved = county["meetings"][:2]
    for meeting in moved:
        row = re.search(rf'id="move-{meeting.id}">(.*?)</tr>', page, re.S).group(1)
        assert sick.name in row and other.name in row  # from the sick chair to the other
        assert f"Update: {other.name} (chair)" in row and f"Cancellation: {sick.name}" in row
        for attendee in meeting.request.attendees:
            assert f"{attendee.person.name} (" in row  # the parent and the social worker
    assert f'id="move-{county["meetings"][2].id}"' not in page
    assert "Confirm these changes" in page and "Discard" in page


def test_confirming_moves_the_meetings_and_says_how_many(client, county):
    signed_in_as(client, "admin")
    sick, other = county["chairs"]
    rearrangement_url = _record_sickness(client, sick).headers["Location"]
    _run_the_queue()

    response = _post(client, f"{rearrangement_url}/confirm", {})
    page = _page(client, response)

    assert response.status_code == 302 and "Moved 2 meetings." in page
    assert "What moved" in page and "Confirmed" in page
    for meeting in county["meetings"][:2]:
        assert db.session.get(Meeting, meeting.id).chair_id == other.id
    assert _count(RearrangementMove) == 2


def test_a_move_out_of_timescale_is_refused_until_its_reason_is_given(client, county):
    signed_in_as(client, "admin")
    sick, _ = county["chairs"]
    late = county["meetings"][0]
    late.request.latest, late.request.allocated_chair_id = TUESDAY, sick.id
    late.request.chair_fixed = True  # only the sick chair may hold it, so it must go late
    db.session.commit()
    url = _record_sickness(client, sick).headers["Location"]
    _run_the_queue()
    page = client.get(url).get_data(as_text=True)
    assert (
        f'name="late-{late.id}-reason"' in page and f'name="late-{late.id}-agreed_by"' not in page
    )

    refused = _post(client, f"{url}/confirm", {f"late-{late.id}-reason": " "})

    assert refused.status_code == 400 and "out of timescale" in refused.get_data(as_text=True)
    assert f'href="#late-{late.id}-reason"' in refused.get_data(as_text=True)
    assert _count(RearrangementMove) == 0
    decision = {f"late-{late.id}-reason": "Court moved"}
    assert _post(client, f"{url}/confirm", decision).status_code == 302
    row = db.session.scalar(
        select(RearrangementMove).where(RearrangementMove.meeting_id == late.id)
    )
    # An admin confirmed it: no manager's name until one agrees in the queue.
    assert (row.late_reason, row.late_agreed_by) == ("Court moved", "")
    assert db.session.scalar(select(Approval.status)) == "pending"


def test_a_repair_that_clashes_with_a_booking_made_since_is_refused_with_409(client, county):
    signed_in_as(client, "admin")
    sick, other = county["chairs"]
    url = _record_sickness(client, sick).headers["Location"]
    _run_the_queue()
    first = county["meetings"][0]
    taken = _destination(url, first.id)
    make_meeting(chair=other, starts_at=taken)  # booked by someone else meanwhile
    db.session.commit()

    response = _post(client, f"{url}/confirm", {})

    assert response.status_code == 409
    assert "Nothing was moved" in response.get_data(as_text=True)
    assert db.session.get(Meeting, first.id).chair_id == sick.id


def _destination(url: str, meeting_id: int) -> datetime:
    rearrangement = db.session.get(Rearrangement, int(url.rstrip("/").rsplit("/", 1)[1]))
    move = next(m for m in preview(rearrangement).moves if m.meeting.id == meeting_id)
    db.session.commit()
    return move.to.starts_at


def test_discarding_moves_nothing_and_the_page_says_so(client, county):
    signed_in_as(client, "admin")
    sick, _ = county["chairs"]
    url = _record_sickness(client, sick).headers["Location"]
    _run_the_queue()

    page = _page(client, _post(client, f"{url}/discard", {}))

    assert "Discarded. No meeting was moved" in page and "Confirm these changes" not in page
    assert db.session.get(Meeting, county["meetings"][0].id).chair_id == sick.id


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reason": ""}, "reason", "Select a reason from the list."),
        ({"reason": "other"}, "reason_text", "Say what the other reason is."),
        ({"chair": ""}, "chair", "Select a chair from the list."),
        ({"last_day": ["2", "3", "2026"]}, "last_day", "The last day must be on or after"),
        ({"first_day": ["", "", ""]}, "first_day", "Enter the first day"),
        ({"first_day": ["31", "2", "2026"]}, "first_day", "First day must be a real date"),
    ],
)
def test_bad_input_is_refused_with_400_on_its_field_and_changes_nothing(
    client, county, overrides, field, message
):
    signed_in_as(client, "admin")

    response = _record_sickness(client, county["chairs"][0], **overrides)

    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page
    assert re.search(rf'href="#{field}[^"]*">{re.escape(message)}', page), page
    assert _count(Rearrangement) == 0 and _count(Unavailability) == 0 and _count(PlanRun) == 0


def test_the_words_for_other_follow_the_reason_radios_always_shown(client, county):
    signed_in_as(client, "manager")

    page = client.get("/rearrangements/chair").get_data(as_text=True)

    assert "data-aria-controls" not in page  # no reveal: it would need aria-expanded on a radio
    assert re.search(r'name="reason".*?If other, say what the reason is.*?name="reason_text"',
                     page, re.S)  # fmt: skip
    assert all(words in page for words in ("Court delay or order", "Inquorate"))


def test_a_meeting_brought_forward_from_its_page_is_repaired_inside_the_new_window(client, county):
    signed_in_as(client, "admin")
    meeting = county["meetings"][2]  # Wednesday
    detail = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert f"/rearrangements/meeting/{meeting.id}?kind=brought_forward" in detail

    url = f"/rearrangements/meeting/{meeting.id}?kind=brought_forward"
    response = _post(client, url, {"latest": _day(TUESDAY), "reason": "court"})
    _run_the_queue()
    page = _page(client, response)

    assert "1 meeting would move" in page and f'id="move-{meeting.id}"' in page
    assert "Tue 3 Mar 2026" in re.search(rf'id="move-{meeting.id}">(.*?)</tr>', page, re.S)[1]


def test_an_attendee_who_cannot_come_is_chosen_among_the_required_attendees(client, county):
    signed_in_as(client, "admin")
    meeting = county["meetings"][2]
    url = f"/rearrangements/meeting/{meeting.id}?kind=attendee_unavailable"
    attendee = meeting.request.attendees[0].person

    page = client.get(url).get_data(as_text=True)
    response = _post(client, url, {"person_id": str(attendee.id), "reason": "family_request"})

    assert f'<option value="{attendee.id}">{attendee.name}</option>' in page
    assert response.status_code == 302 and _count(PlanRun) == 1


def test_cancelling_a_meeting_from_its_page_needs_no_repair(client, county):
    signed_in_as(client, "admin")
    meeting = county["meetings"][0]
    url = f"/rearrangements/meeting/{meeting.id}?kind=cancelled"

    _post(client, url, {"reason": "placement"})
    response = _post(client, url, {"reason": "placement", "confirmed": "yes"})

    assert "No meetings needed to move" in _page(client, response)
    assert db.session.get(Meeting, meeting.id).status == "cancelled" and _count(PlanRun) == 0


def _cancelled_state(meeting) -> tuple:
    db.session.expire_all()
    return (
        db.session.get(Meeting, meeting.id).status,
        db.session.get(MeetingRequest, meeting.request_id).status,
        _count(Rearrangement),
        list(db.session.scalars(select(OutboxMessage.method))),
        [a for a in db.session.scalars(select(AuditEvent.action)) if "cancel" in a],
    )


def test_the_first_step_of_cancelling_asks_to_confirm_and_changes_nothing(client, county):
    signed_in_as(client, "admin")
    meeting = county["meetings"][0]
    url = f"/rearrangements/meeting/{meeting.id}?kind=cancelled"

    response = _post(client, url, {"reason": "placement"})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Cancel this request and its meeting?" in page
    assert f"with {meeting.chair.name} is cancelled" in page and "get a cancellation" in page
    assert re.search(r'<input[^>]*value="placement"[^>]*checked', page)  # the reason chosen
    assert f'action="{url}"' in page  # confirmed back here, not on the request's page
    assert '<input type="hidden" name="confirmed" value="yes">' in page
    assert "Yes, cancel it" in page
    assert _cancelled_state(meeting) == ("confirmed", "booked", 0, [], [])


def test_confirming_records_the_rearrangement_and_queues_the_cancellations(client, county):
    signed_in_as(client, "admin")
    meeting = county["meetings"][0]
    url = f"/rearrangements/meeting/{meeting.id}?kind=cancelled"
    _post(client, url, {"reason": "placement"})

    response = _post(client, url, {"reason": "placement", "confirmed": "yes"})

    assert response.status_code == 302
    rearrangement = db.session.scalars(select(Rearrangement)).one()
    assert response.headers["Location"].endswith(f"/rearrangements/{rearrangement.id}")
    assert (rearrangement.kind, rearrangement.reason) == ("cancelled", "placement")
    assert [(m.meeting_id, m.change) for m in rearrangement.moves] == [(meeting.id, "cancelled")]
    state = _cancelled_state(meeting)
    assert state[:3] == ("cancelled", "cancelled", 1)
    assert state[3] == ["CANCEL"] * 3  # the chair, the parent and the social worker
    assert set(state[4]) == {"request.cancel", "meeting.cancel", "rearrangement.cancelled"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select a reason from the list."),
        ({"reason": "bored"}, "Select a reason from the list."),
        ({"reason": "other", "reason_text": "  "}, "Say what the other reason is."),
    ],
)
def test_either_step_without_a_reason_is_refused_and_changes_nothing(client, county, data, message):
    signed_in_as(client, "admin")
    meeting = county["meetings"][0]
    url = f"/rearrangements/meeting/{meeting.id}?kind=cancelled"

    first = _post(client, url, data)
    confirmed = _post(client, url, {**data, "confirmed": "yes"})

    for response in (first, confirmed):
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert "Yes, cancel it" in confirmed.get_data(as_text=True)  # still the confirmation page
    assert _cancelled_state(meeting) == ("confirmed", "booked", 0, [], [])


def test_a_meeting_no_longer_booked_is_not_offered_for_confirmation(client, county):
    signed_in_as(client, "admin")
    meeting = county["meetings"][0]
    meeting.status = "held"
    db.session.commit()

    response = _post(
        client, f"/rearrangements/meeting/{meeting.id}?kind=cancelled", {"reason": "placement"}
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Select a confirmed meeting." in page and "Yes, cancel it" not in page
    assert (_count(Rearrangement), _count(OutboxMessage)) == (0, 0)


def _record_absence(chair, day: date):
    """A chair's absence for one day, recorded now (the repair is not run)."""
    change = Change(
        "chair_unavailable", "chair_absence", chair_id=chair.id, first_day=day, last_day=day
    )
    return record_change(NOW, None, change)


def test_the_history_lists_newest_first_and_counts_by_reason_and_month(client, county):
    a, b = county["chairs"]
    room = county["rooms"][1]
    april = datetime(2026, 4, 1, 9, tzinfo=UTC)
    _record_absence(a, date(2026, 5, 4))
    _record_absence(b, date(2026, 5, 5))
    record_change(
        april,
        None,
        Change(
            "room_closed",
            "other",
            "Flood",
            room_id=room.id,
            first_day=date(2026, 5, 6),
            last_day=date(2026, 5, 6),
        ),
    )
    signed_in_as(client, "manager")

    page = client.get("/rearrangements").get_data(as_text=True)

    assert page.index(f"{room.name} closed") < page.index(f"{a.name} unavailable")
    assert "Other: Flood" in page
    counts = re.search(r'id="counts-table">(.*?)</table>', page, re.S)[1]
    cells = [re.sub(r"\s+", " ", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", counts)]
    assert cells == [
        *("April 2026", "Other", "1", "0", "0"),
        *("March 2026", "Chair absence", "2", "0", "0"),
    ]


@pytest.mark.parametrize(
    "url",
    ["/rearrangements", "/rearrangements/chair", "/rearrangements/room", "/rearrangements/{id}"],
)
def test_a_chair_cannot_reach_any_rearrangement_page(client, county, url):
    rearrangement = _record_absence(county["chairs"][0], TUESDAY)
    signed_in_as(client, "chair")

    assert client.get(url.format(id=rearrangement.id)).status_code == 403
    token = csrf_token(client, "/")
    confirm = client.post(f"/rearrangements/{rearrangement.id}/confirm", data={"csrf_token": token})
    assert confirm.status_code == 403
    assert db.session.get(Rearrangement, rearrangement.id).status == "repairing"


def test_an_admin_locks_a_meeting_from_its_page_and_can_unlock_it(client, county):
    meeting_id = county["meetings"][0].id
    signed_in_as(client, "admin")
    token = csrf_token(client, f"/meetings/{meeting_id}")

    locked = client.post(f"/meetings/{meeting_id}/lock", data={"csrf_token": token, "locked": "1"})
    page = _page(client, locked)

    assert "Locked: a repair keeps it where it is." in page and "Unlock this meeting" in page
    assert db.session.get(Meeting, meeting_id).locked
    client.post(f"/meetings/{meeting_id}/lock", data={"csrf_token": token, "locked": "0"})
    assert not db.session.get(Meeting, meeting_id).locked


def test_a_failed_repair_offers_repair_again_which_queues_a_new_run(client, county):
    signed_in_as(client, "admin")
    page_url = _record_sickness(client, county["chairs"][0]).headers["Location"]
    first = db.session.scalar(select(PlanRun))
    first.status, first.error = "failed", "The scheduler stopped."
    db.session.commit()
    assert "Repair again" in client.get(page_url).get_data(as_text=True)

    response = _post(client, f"{page_url}/repair-again", {})

    runs = db.session.scalars(select(PlanRun).order_by(PlanRun.id)).all()
    assert response.status_code == 302 and len(runs) == 2 and runs[1].status == "queued"
    assert runs[1].kind == "repair" and runs[1].movable == first.movable
