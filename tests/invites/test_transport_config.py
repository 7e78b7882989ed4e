"""transport_from_config reads QUORUM_MAIL_TRANSPORT and the QUORUM_SMTP_* settings."""

from pathlib import Path

import pytest

from app.mail import FolderTransport, MemoryTransport, SmtpTransport, transport_from_config


def test_the_default_is_a_folder_in_the_instance_outbox(tmp_path):
    transport = transport_from_config({}, instance_path=tmp_path)
    assert isinstance(transport, FolderTransport) and transport.folder == tmp_path / "outbox"


def test_a_configured_folder_wins_over_the_instance_path(tmp_path):
    config = {"QUORUM_MAIL_TRANSPORT": "folder", "QUORUM_MAIL_FOLDER": str(tmp_path / "mail")}
    assert transport_from_config(config, instance_path="/nowhere").folder == tmp_path / "mail"


def test_a_folder_without_any_path_is_refused():
    with pytest.raises(ValueError, match="QUORUM_MAIL_FOLDER"):
        transport_from_config({})


def test_memory_is_chosen_by_name():
    assert isinstance(transport_from_config({"QUORUM_MAIL_TRANSPORT": "memory"}), MemoryTransport)


def test_smtp_reads_its_settings_from_strings_as_the_environment_gives_them():
    transport = transport_from_config(
        {
            "QUORUM_MAIL_TRANSPORT": "smtp",
            "QUORUM_SMTP_HOST": "smtp.example.invalid",
            "QUORUM_SMTP_PORT": "2525",
            "QUORUM_SMTP_SECURITY": "TLS",
            "QUORUM_SMTP_USERNAME": "relay",
            "QUORUM_SMTP_PASSWORD": "pw",
            "QUORUM_SMTP_TIMEOUT": "12",
        }
    )
    assert isinstance(transport, SmtpTransport)
    assert (transport.host, transport.port, transport.security) == (
        "smtp.example.invalid",
        2525,
        "tls",
    )
    assert (transport.username, transport.password, transport.timeout) == ("relay", "pw", 12.0)


@pytest.mark.parametrize(("security", "port"), [("starttls", 587), ("tls", 465), ("none", 25)])
def test_smtp_picks_the_usual_port_for_its_security(security, port):
    config = {
        "QUORUM_MAIL_TRANSPORT": "smtp",
        "QUORUM_SMTP_HOST": "h",
        "QUORUM_SMTP_SECURITY": security,
    }
    assert transport_from_config(config).port == port


def test_smtp_without_a_host_is_refused():
    with pytest.raises(ValueError, match="QUORUM_SMTP_HOST"):
        transport_from_config({"QUORUM_MAIL_TRANSPORT": "smtp"})


def test_an_unknown_transport_is_refused():
    with pytest.raises(ValueError, match="folder, smtp or memory"):
        transport_from_config({"QUORUM_MAIL_TRANSPORT": "carrier-pigeon"}, instance_path=Path("."))
