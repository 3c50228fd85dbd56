"""Static files' addresses that change when the file does, so browsers may cache them for a
year (WhiteNoise serves them with that lifetime: icv/web.py)."""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from flask import current_app, url_for


@cache
def _file_hash(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def asset_url(filename: str) -> str:
    """A static URL that changes when the file does, so it can be cached for a year."""
    path = Path(current_app.static_folder) / filename
    version = _file_hash(str(path)) if path.exists() else "missing"
    return url_for("static", filename=filename, v=version)
