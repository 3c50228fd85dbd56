"""Volunteers: appointed custody visitors, their status, vetting, term and panels."""

from icv.volunteers import listeners  # noqa: F401  (connects its signal receivers)
