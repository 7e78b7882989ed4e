"""A late booking's reason: required for each, the first missing named on its field."""

from datetime import date

import pytest

from app.services import ServiceError
from app.services.booking.late_agreements import REASON_LENGTH, required_agreements

LATE = [(7, date(2026, 3, 3)), (9, date(2026, 3, 4))]


def test_each_reason_is_kept_trimmed_to_what_the_meeting_keeps():
    given = {7: "  Court date ", 9: "R" * (REASON_LENGTH + 5)}
    assert required_agreements(LATE, given) == {7: "Court date", 9: "R" * REASON_LENGTH}


@pytest.mark.parametrize("given", [{7: "Court date"}, {7: "Court date", 9: "   "}])
def test_a_missing_reason_is_refused_on_its_field(given):
    with pytest.raises(ServiceError) as refused:
        required_agreements(LATE, given)
    assert refused.value.field == "late-9"
    assert "give the reason" in refused.value.message
