"""Unannounced visit rotas: the problem, its checker and the solver (pure Python, in engine/);
planning, publishing and changing rotas; each volunteer's own visits, requests to swap and
feed."""

from icv.rota import listeners  # noqa: F401  (connects its signal receivers)
