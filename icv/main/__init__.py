"""Public pages, the home page of each role, and error pages."""
