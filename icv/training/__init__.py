"""Training, panel meetings, the memorandum of understanding, annual reviews and long service:
the volunteer's year beyond their visits."""

from flask import Blueprint

from icv.accounts.access import check_roles
from icv.accounts.roles import Role
from icv.training import listeners  # noqa: F401  (connects its signal receivers)

#: The coordinator's pages.
bp = Blueprint("training", __name__, url_prefix="/training")
#: The volunteer's own pages (their training and meetings, signing the memorandum).
mine_bp = Blueprint("my_training", __name__, url_prefix="/my-training")


@bp.before_request
def coordinators_only():
    return check_roles(Role.COORDINATOR, Role.ADMIN)


@mine_bp.before_request
def volunteers_only():
    return check_roles(Role.VOLUNTEER)
