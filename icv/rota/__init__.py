"""Unannounced visit rotas: the problem, its checker and the solver (pure Python, in engine/);
planning, publishing and changing rotas; each volunteer's own visits, requests to swap and
feed."""

from flask import Blueprint

# Its receivers (listeners.py, and quality_store.py's session hook) are connected by the app,
# in icv/web.py's CONNECTING_MODULES, not here: `icv rota solve` imports this package for its
# engine, and importing them would load every model and SQLAlchemy with it.

bp = Blueprint("rota", __name__, url_prefix="/rota")
my_visits_bp = Blueprint("my_visits", __name__, url_prefix="/my-visits")
feed_bp = Blueprint("calendar_feed", __name__)
