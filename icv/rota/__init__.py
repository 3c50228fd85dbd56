"""Unannounced visit rotas: the problem, its checker and the solver (pure Python)."""
