"""Custody suites the scheme visits."""
