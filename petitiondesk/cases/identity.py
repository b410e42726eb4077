"""Chinese resident identity numbers (GB 11643-1999); pure."""

from __future__ import annotations

from datetime import date

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def check_digit(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character for 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK[total % 11]


def id_number_problem(value: str) -> str | None:
    """Return why `value` is not a valid 18-character ID number, or None when it is."""
    if len(value) != 18 or not value[:17].isdigit():
        return "must be 18 characters: 17 digits and a check digit or X"
    try:
        date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "contains an impossible birth date"
    if check_digit(value[:17]) != value[17].upper():
        return "check digit does not match (GB 11643)"
    return None


def normalise_id_number(value: str) -> str:
    """Return the ID number stripped and with an upper-case X."""
    return value.strip().upper()


def mask_id_number(value: str | None) -> str | None:
    """Return the ID number with the birth date and sequence hidden."""
    if not value:
        return value
    return value[:4] + "*" * 10 + value[-4:]


def mask_phone(value: str | None) -> str | None:
    """Return a phone number with its middle digits hidden."""
    if not value or len(value) < 7:
        return value
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
