from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from icv.extensions import db


class SchemeSetting(db.Model):
    """A scheme-wide setting an administrator can change in the app (see ``icv.settings``)."""

    __tablename__ = "scheme_settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
