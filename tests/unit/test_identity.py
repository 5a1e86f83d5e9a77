"""Inquiry ids make retries idempotent; tracking codes are short, readable and keyed."""

from __future__ import annotations

import re

import pytest

from citycomm_intake.domain.identity import chosen_key, inquiry_id, normalize_tracking_code, tracking_code


def test_same_client_and_key_give_the_same_inquiry() -> None:
    assert inquiry_id("press:tuoi-tre", "k-1") == inquiry_id("press:tuoi-tre", "k-1")
    assert inquiry_id("press:tuoi-tre", "k-1") != inquiry_id("press:thanh-nien", "k-1")


def test_without_a_key_intake_chooses_a_new_one_each_time() -> None:
    assert inquiry_id("citizen", chosen_key()) != inquiry_id("citizen", chosen_key())


def test_tracking_codes_are_readable_and_depend_on_the_secret() -> None:
    code = tracking_code(b"secret-a", "inq-1")
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    assert code == tracking_code(b"secret-a", "inq-1")
    assert code != tracking_code(b"secret-b", "inq-1")


def test_tracking_codes_of_many_inquiries_do_not_collide() -> None:
    codes = {tracking_code(b"s", f"inq-{i}") for i in range(20_000)}
    assert len(codes) == 20_000


def test_typed_codes_are_normalised() -> None:
    code = tracking_code(b"s", "inq-1")
    assert normalize_tracking_code(code.lower().replace("-", "")) == code
    assert normalize_tracking_code("oooo-iiii-llll") == "0000-1111-1111"
    with pytest.raises(ValueError):
        normalize_tracking_code("HCM-1")
