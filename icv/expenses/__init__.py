"""Volunteers' expense claims: mileage and costs for a visit, a meeting or training, approved
or queried by the office, exported for finance and totalled in the annual summary."""

from flask import Blueprint

from icv.expenses import listeners  # noqa: F401  (connects its signal receivers)

bp = Blueprint("expenses", __name__, url_prefix="/expenses")


@bp.app_template_filter("pounds")
def pounds_filter(pence: int) -> str:
    """350 -> "£3.50" in any template (mail included)."""
    from icv.expenses.rules import pounds

    return pounds(pence)


@bp.context_processor
def labels() -> dict:
    from icv.expenses.labels import KIND_NAMES, STATUS_NAMES

    return {"kind_labels": KIND_NAMES, "status_labels": STATUS_NAMES}
