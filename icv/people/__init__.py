"""Subject access and erasure: everything held about one person, and erasing it on request."""
