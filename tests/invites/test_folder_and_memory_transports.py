"""The folder sink (`make run`) and the memory transport (tests)."""

from email import message_from_bytes, policy

from app.invites import invite_message
from app.mail import FolderTransport, MemoryTransport, TransientFailure
from tests.invites.factories import ORGANIZER, STAMP, make_hybrid, make_recipient


def an_invite(message_id="row-3@quorum.invalid", audience="family"):
    return invite_message(
        make_hybrid(), make_recipient(audience), "REQUEST", ORGANIZER, STAMP, message_id
    )


def test_each_message_becomes_one_eml_file_named_from_its_message_id(tmp_path):
    folder = FolderTransport(tmp_path / "outbox")
    folder.send(an_invite("row-3@quorum.invalid"))
    folder.send(an_invite("row-4@quorum.invalid", "chair"))
    assert sorted(p.name for p in (tmp_path / "outbox").iterdir()) == [
        "row-3@quorum.invalid.eml",
        "row-4@quorum.invalid.eml",
    ]


def test_sending_the_same_message_again_overwrites_its_file(tmp_path):
    folder = FolderTransport(tmp_path)
    folder.send(an_invite())
    folder.send(an_invite())
    assert [p.name for p in tmp_path.iterdir()] == ["row-3@quorum.invalid.eml"]


def test_the_file_holds_the_whole_message(tmp_path):
    FolderTransport(tmp_path).send(an_invite())
    raw = (tmp_path / "row-3@quorum.invalid.eml").read_bytes()
    assert raw == an_invite().as_bytes(policy=policy.SMTP)
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["To"].addresses[0].addr_spec == "family@example.invalid"


def test_no_temporary_file_is_left_behind(tmp_path):
    FolderTransport(tmp_path).send(an_invite())
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]


def test_a_message_id_cannot_climb_out_of_the_folder(tmp_path):
    (tmp_path / "outbox").mkdir()
    folder = FolderTransport(tmp_path / "outbox")
    folder.send(an_invite("../../etc/passwd"))
    written = list((tmp_path / "outbox").iterdir())
    assert len(written) == 1 and written[0].parent == tmp_path / "outbox"
    assert list(tmp_path.iterdir()) == [tmp_path / "outbox"]


def test_a_folder_that_cannot_be_written_is_a_transient_failure(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    try:
        FolderTransport(blocker / "outbox").send(an_invite())
    except TransientFailure:
        return
    raise AssertionError("expected TransientFailure")


def test_memory_keeps_what_it_is_given_in_order():
    memory = MemoryTransport()
    first, second = an_invite("a@q.invalid"), an_invite("b@q.invalid")
    memory.send(first)
    memory.send(second)
    assert memory.sent == [first, second]
