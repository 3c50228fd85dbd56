"""Unannounced visit rotas: suites planned, pairs chosen, requests to swap."""
