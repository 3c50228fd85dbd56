"""icv: the Independent Custody Visiting scheme manager."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the web application. Nothing here starts background work (see ``icv scheduler``)."""
    # Imported here, not above: ``icv --help`` imports this package and should not pay for
    # SQLAlchemy, which the configuration's URL check brings (bench/startup.py).
    from icv import config as icv_config

    app = Flask(
        __name__,
        instance_path=os.environ.get("ICV_INSTANCE_PATH", str(PROJECT_ROOT / "instance")),
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(icv_config.defaults(app.instance_path))
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(icv_config.read_environment(os.environ))
    else:
        app.config.update(test_config)
    icv_config.finish(app.config, app.instance_path)
    icv_config.create_private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])

    from icv import web

    web.init_app(app)
    return app
