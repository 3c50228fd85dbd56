"""Volunteers: appointed custody visitors, their status, vetting, term and panels."""
