"""Outbox: mail written in the same transaction as the change that caused it, delivered later."""
