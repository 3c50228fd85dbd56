"""The pure code checks (icv/accounts/totp.py), without an app."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest

from icv.accounts import totp

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = dt.datetime(2026, 11, 24, 10, 0, 15, tzinfo=dt.UTC)
STEP = int(NOW.timestamp()) // 30


def at(seconds: int) -> str:
    return pyotp.TOTP(SECRET).at(NOW + dt.timedelta(seconds=seconds))


@pytest.mark.parametrize(
    ("seconds", "step"),
    [(-60, None), (-30, STEP - 1), (0, STEP), (14, STEP), (30, STEP + 1), (60, None)],
)
def test_the_step_of_a_code_one_step_either_side(seconds, step):
    assert totp.matching_step(SECRET, at(seconds), NOW, None) == step


def test_a_step_already_used_or_older_is_refused():
    assert totp.matching_step(SECRET, at(0), NOW, STEP - 1) == STEP
    assert totp.matching_step(SECRET, at(0), NOW, STEP) is None
    assert totp.matching_step(SECRET, at(-30), NOW, STEP) is None
    assert totp.matching_step(SECRET, at(30), NOW, STEP) == STEP + 1


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", None])
def test_what_is_not_six_digits_is_not_a_code(typed):
    assert not totp.is_code_shaped(typed)
    assert totp.matching_step(SECRET, typed or "", NOW, None) is None


def test_spaces_and_dashes_in_a_code_are_ignored():
    code = at(0)
    assert totp.matching_step(SECRET, f" {code[:3]}-{code[3:]} ", NOW, None) == STEP
    assert totp.code_at(SECRET, NOW) == code


def test_the_key_is_written_in_groups_of_four():
    assert totp.grouped("DEMOONLYDEMOONLY") == "DEMO ONLY DEMO ONLY"
    assert len(totp.new_secret()) == 32


def test_the_provisioning_address_names_the_scheme_and_the_person():
    uri = totp.provisioning_uri(SECRET, "chris@example.org", "Warwickshire ICV")
    assert uri == (
        "otpauth://totp/Warwickshire%20ICV:chris%40example.org"
        f"?secret={SECRET}&issuer=Warwickshire%20ICV"
    )
    svg = totp.qr_svg(uri, "QR code")
    assert svg.startswith('<svg role="img" focusable="false" viewBox=')
    assert "<title>QR code</title>" in svg
    assert "style=" not in svg
    assert "<script" not in svg


def test_recovery_codes_are_eight_distinct_readable_codes():
    codes = totp.new_recovery_codes()
    assert len(set(codes)) == 8
    for code in codes:
        first, second = code.split("-")
        assert len(first) == len(second) == 5
        assert set(first + second) <= set(totp.RECOVERY_ALPHABET)
        assert not set(code) & set("01ilo")


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("ABCDE-23456", "abcde-23456"),
        (" abcde 23456 ", "abcde-23456"),
        ("abc", ""),
        ("abcde-2345!", ""),
        ("abcde-01234", ""),  # 0 and 1 are never in a recovery code
    ],
)
def test_recovery_codes_are_compared_lower_case_with_one_dash(typed, normal):
    assert totp.normalise_recovery_code(typed) == normal
