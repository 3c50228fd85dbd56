"""Alembic environment for icv: the database and metadata come from the Flask app."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db
engine = target_db.engine
config.set_main_option(
    "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def run_migrations_offline() -> None:
    """Print the SQL instead of running it (``icv db upgrade --sql``)."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_db.metadata,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def skip_empty_autogenerate(_context, _revision, directives) -> None:
    # `icv db migrate` with no model change should not write an empty revision.
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def run_migrations_online() -> None:
    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", skip_empty_autogenerate)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_db.metadata, **conf_args)
        with context.begin_transaction():
            refuse_lossy_downgrade(connection)
            context.run_migrations()


def refuse_lossy_downgrade(connection) -> None:
    """A downgrade that cannot keep the data stored says so and stops before its first step
    (icv.downgrades); ``-x discard-data=yes`` lets it go ahead."""
    from alembic.script import ScriptDirectory

    from icv.downgrades import DISCARD_DATA, check_steps

    if context.get_x_argument(as_dictionary=True).get(DISCARD_DATA) == "yes":
        return
    migration = context.get_context()
    # Alembic's plan of this run (the same call run_migrations makes next): its steps.
    steps = migration._migrations_fn(migration.get_current_heads(), migration)
    check_steps(connection, ScriptDirectory.from_config(config), steps)


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
