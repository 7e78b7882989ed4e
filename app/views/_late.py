"""Reading the late-<key>-reason and late-<key>-agreed_by fields of a confirm form (a plan's,
keyed by request; a repair's, keyed by meeting) as {key: (reason, agreeing manager)}."""

import re

_LATE = re.compile(r"^late-(\d+)-(reason|agreed_by)$")


def late_agreements(form) -> dict[int, tuple[str, str]]:
    parts: dict[int, dict[str, str]] = {}
    for name, value in form.items():
        match = _LATE.match(name)
        if match:
            parts.setdefault(int(match[1]), {})[match[2]] = value
    return {key: (got.get("reason", ""), got.get("agreed_by", "")) for key, got in parts.items()}
