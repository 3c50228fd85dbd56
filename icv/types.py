"""Column types shared by every area."""

from datetime import datetime

from sqlalchemy import DateTime, String, TypeDecorator

from icv import encryption
from icv.clock import as_utc


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every engine (SQLite drops the zone otherwise)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return as_utc(value)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else as_utc(value)


class EncryptedString(TypeDecorator[str]):
    """Text kept encrypted with ``ICV_ENCRYPTION_KEY`` (see icv.encryption); read back as it
    was written. Each write makes a different ciphertext, so a column of this type cannot be
    searched by value: load the rows and compare in Python."""

    impl = String(255)
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else encryption.encrypt(value)

    def process_result_value(self, value: str | None, dialect: object) -> str | None:
        return None if value is None else encryption.decrypt(value)
