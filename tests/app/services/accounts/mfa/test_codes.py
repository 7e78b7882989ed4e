"""One-time codes against RFC 6238's own test vectors, and the sealing of secrets."""

from datetime import UTC, datetime, timedelta

import pytest

from app.services.accounts.mfa import codes, sealing

# RFC 6238 appendix B: the SHA-1 key "12345678901234567890", in base32; the 8-digit codes
# there end in these 6 digits (the same HOTP value, truncated to 6).
RFC_KEY = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
RFC_VECTORS = [
    (59, "287082"),
    (1111111109, "081804"),
    (1111111111, "050471"),
    (1234567890, "005924"),
    (2000000000, "279037"),
    (20000000000, "353130"),
]


@pytest.mark.parametrize(("unix", "code"), RFC_VECTORS)
def test_codes_are_those_of_rfc_6238(unix, code):
    now = datetime.fromtimestamp(unix, UTC)
    assert codes.code_at_step(RFC_KEY, codes.step_at(now)) == code
    assert codes.matching_step(RFC_KEY, code, now, None) == unix // 30


def test_a_code_from_the_step_either_side_is_taken_but_not_two_steps_away():
    now = datetime.fromtimestamp(1234567890, UTC)
    step = codes.step_at(now)
    for offset, taken in ((-2, False), (-1, True), (1, True), (2, False)):
        code = codes.code_at_step(RFC_KEY, step + offset)
        assert (codes.matching_step(RFC_KEY, code, now, None) is not None) is taken, offset


def test_a_code_of_a_step_already_taken_never_matches_again():
    now = datetime.fromtimestamp(1234567890, UTC)
    step = codes.step_at(now)
    code = codes.code_at_step(RFC_KEY, step)
    assert codes.matching_step(RFC_KEY, code, now, after=step - 1) == step
    assert codes.matching_step(RFC_KEY, code, now, after=step) is None
    assert codes.matching_step(RFC_KEY, code, now + timedelta(seconds=29), after=step) is None


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "００５９２４"])
def test_anything_but_six_ascii_digits_is_no_code(typed):
    now = datetime.fromtimestamp(1234567890, UTC)
    assert codes.matching_step(RFC_KEY, typed, now, None) is None


def test_recovery_codes_are_ten_different_and_their_hash_ignores_case_and_hyphens():
    recovery = codes.new_recovery_codes()
    assert len(set(recovery)) == 10
    assert all(codes.looks_like_recovery_code(code) for code in recovery)
    first = recovery[0]
    assert codes.recovery_hash(first.upper().replace("-", " ")) == codes.recovery_hash(first)
    assert codes.recovery_hash(recovery[1]) != codes.recovery_hash(first)


def test_a_sealed_secret_reads_back_only_with_its_key_and_within_its_time():
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    sealed = sealing.seal("k" * 48, RFC_KEY, now)
    assert RFC_KEY not in sealed
    assert sealing.unseal("k" * 48, sealed) == RFC_KEY
    assert sealing.unseal("another key" * 4, sealed) is None
    assert sealing.unseal("k" * 48, sealed, now + timedelta(seconds=599), 600) == RFC_KEY
    assert sealing.unseal("k" * 48, sealed, now + timedelta(seconds=601), 600) is None
    assert sealing.unseal("k" * 48, sealed[:-4] + "AAAA") is None
