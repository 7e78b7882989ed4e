"""A late booking's agreement: the reason and the agreeing manager, each checked in words."""

from datetime import date

import pytest

from app.models.meetings import AGREED_BY_LENGTH
from app.services import ServiceError
from app.services.booking.late_agreements import required_agreements

LATE = [(7, date(2026, 3, 3))]


def test_a_manager_named_in_full_is_kept():
    name = "M" * AGREED_BY_LENGTH
    assert required_agreements(LATE, {7: ("Court date", name)}) == {7: ("Court date", name)}


def test_a_manager_name_longer_than_the_meeting_keeps_is_refused_on_its_field():
    with pytest.raises(ServiceError) as refused:
        required_agreements(LATE, {7: ("Court date", "M" * (AGREED_BY_LENGTH + 1))})
    assert refused.value.field == "late-7"
    assert str(AGREED_BY_LENGTH) in refused.value.message
