"""The Commissioner's annual summary: figures, charts, sign-off, exports, the CLI and the API."""
