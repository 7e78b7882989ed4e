"""A real OpenID provider on loopback for the single sign-on tests: panva's certified
oidc-provider (npm), run by tests/oidc/provider.js with Node. Its package is installed from
tests/oidc/package-lock.json (`npm ci`) the first time it is needed, by `make test` or here.

The provider's own development sign-in page takes any password for a login it knows (ACCOUNTS),
and its consent page asks to continue; `sign_in_at_provider` fills both in as a browser would.
"""

import json
import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import requests

FOLDER = Path(__file__).resolve().parent / "oidc"
CLIENT_ID = "quorum-test"
CLIENT_SECRET = "synthetic-client-secret-for-tests-only-0123456789"
PUBLIC_URL = "http://127.0.0.1:5000"
ROLE_MAP = "Quorum.Admin=admin;Quorum.Manager=manager;Quorum.Chair=chair"

# Synthetic people of a synthetic council, by login (the provider makes it their subject, "sub").
# Entra ID's shape: app roles in "roles".
ACCOUNTS = {
    "ada": {"name": "Ada Admin", "email": "Ada.Admin@testshire.example",
            "roles": ["Quorum.Admin"]},
    "chris": {"name": "Chris Chair", "email": "chris@testshire.example",
              "roles": ["Quorum.Chair", "Some.Other.App"]},
    "una": {"name": "Una Unmapped", "email": "una@testshire.example",
            "roles": ["Some.Other.App"]},
    "pat": {"name": "Pat Password", "email": "pat@testshire.example",
            "roles": ["Quorum.Manager"]},
}  # fmt: skip


@dataclass(frozen=True)
class Provider:
    issuer: str
    port: int


def install() -> None:
    """`npm ci` from the lock file, once: CI starts on a fresh machine."""
    if (FOLDER / "node_modules" / "oidc-provider").is_dir():
        return
    npm = shutil.which("npm")
    assert npm, "the single sign-on tests need Node 20 and npm"
    subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FOLDER, check=True,
                   capture_output=True, timeout=300)  # fmt: skip


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def provider_on_loopback(folder: Path) -> Iterator[Provider]:
    install()
    node = shutil.which("node")
    assert node, "the single sign-on tests need Node 20"
    port = _free_port()
    issuer = f"http://127.0.0.1:{port}"
    config = folder / "provider.json"
    config.write_text(
        json.dumps(
            {
                "issuer": issuer,
                "client": {
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uris": [PUBLIC_URL + "/login/sso/callback"],
                },
                "accounts": ACCOUNTS,
            }
        )
    )
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [node, str(FOLDER / "provider.js"), str(port), str(config)],
        cwd=FOLDER,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_it_answers(issuer, process, folder / "provider.log")
        yield Provider(issuer=issuer, port=port)
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _wait_until_it_answers(issuer: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "the OpenID provider stopped: " + log.read_text()[-2000:]
        try:
            if requests.get(issuer + "/.well-known/openid-configuration", timeout=2).ok:
                return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise AssertionError("the OpenID provider did not answer: " + log.read_text()[-2000:])


_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


def sign_in_at_provider(authorize_url: str, login: str) -> str:
    """What a person does at the provider: open the authorization URL, sign in on its page, and
    continue on its consent page. Returns the URL it sends them back to (Quorum's callback)."""
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=True, timeout=10)
    for form in ({"prompt": "login", "login": login, "password": "any"}, {"prompt": "consent"}):
        action = _ACTION.search(response.text)
        assert action, f"no form on the provider's page: {response.text[:500]}"
        response = browser.post(urljoin(response.url, action.group(1)), data=form,
                                allow_redirects=False, timeout=10)  # fmt: skip
        while response.is_redirect:
            location = urljoin(response.url, response.headers["Location"])
            if location.startswith(PUBLIC_URL):
                return location
            response = browser.get(location, allow_redirects=False, timeout=10)
    raise AssertionError(f"the provider did not send the person back: {response.text[:500]}")
