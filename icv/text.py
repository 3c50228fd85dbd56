"""Small checks on text people type, shared by forms, rules and imports (pure)."""

from __future__ import annotations


def is_whole_number(text: str) -> bool:
    """True for ASCII digits only ("42"); False for "", "-1", "4.2" or "²", which
    ``str.isdigit`` would let through to a crash in ``int``."""
    return text.isascii() and text.isdigit()
