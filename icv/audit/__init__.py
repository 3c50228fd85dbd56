"""Audit log: who changed what, and when. Every service that changes data calls ``record``."""
