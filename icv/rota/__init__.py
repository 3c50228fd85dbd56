"""Unannounced visit rotas: the problem, its checker and the solver (pure Python, in engine/);
planning, publishing and changing rotas; each volunteer's own visits, requests to swap and
feed."""
