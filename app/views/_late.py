"""Reading the late-<key>-reason fields of a confirm form (a plan's, keyed by request; a
repair's, keyed by meeting) as {key: reason}."""

import re

_LATE = re.compile(r"^late-(\d+)-reason$")


def late_agreements(form) -> dict[int, str]:
    return {int(match[1]): value for name, value in form.items() if (match := _LATE.match(name))}
