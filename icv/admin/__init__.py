"""Administration: accounts and roles, scheme settings, the audit log and the outbox."""
