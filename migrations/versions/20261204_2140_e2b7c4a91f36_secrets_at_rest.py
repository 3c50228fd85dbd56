"""Secrets at rest: calendar feed and application status tokens kept as SHA-256 hashes, and
the staff's TOTP keys encrypted with ICV_ENCRYPTION_KEY.

Reviewed by hand. Batch operations for SQLite.

Tokens: ``volunteers.calendar_token`` becomes ``calendar_token_hash`` and
``applications.status_token`` becomes ``status_token_hash``, each value replaced by the
SHA-256 of what was stored. The links already mailed (or in a calendar app) keep working, as
the app now looks a presented token up by its hash. The columns are renamed rather than
reused so that no code, old or new, can mistake a hash for a token.

There is no way back from a hash. The downgrade therefore refuses, before changing anything,
while any token is stored (it says so and how many); it runs only on a database with none
(e.g. a new or emptied one), where there is nothing to restore. Renaming back and keeping the
hashes was rejected: the old code would compare links with hashes and every link would stop
working without a word. To go back past this revision on a database with links, restore the
backup taken before upgrading.

TOTP keys: ``second_factors.secret`` widens to 255 characters (a Fernet token of a 32-character
key is 140) and each key is encrypted with the first key of ICV_ENCRYPTION_KEY; the downgrade
decrypts them (with any of the keys) and narrows the column again. Flask-Migrate runs this
inside the app, so the keys come from the app's configuration: the same the app uses.

Revision ID: e2b7c4a91f36
Revises: 6eb3f77a26f7
Create Date: 2026-12-04 21:40:00.000000

"""
import hashlib

import sqlalchemy as sa
from alembic import op
from cryptography.fernet import Fernet, MultiFernet
from flask import current_app

# revision identifiers, used by Alembic.
revision = 'e2b7c4a91f36'
down_revision = '6eb3f77a26f7'
branch_labels = None
depends_on = None

#: (table, key column, token column before, hash column after)
TOKENS = (
    ('volunteers', 'id', 'calendar_token', 'calendar_token_hash'),
    ('applications', 'id', 'status_token', 'status_token_hash'),
)


def cipher() -> MultiFernet:
    raw = current_app.config['ICV_ENCRYPTION_KEY']
    return MultiFernet([Fernet(key.strip()) for key in raw.split(',') if key.strip()])


def rewrite(table_name: str, key: str, column: str, change) -> None:
    """Replace every non-null value of ``column`` by ``change(value)``, row by row in Python
    (the same on SQLite and PostgreSQL, which hash and encrypt nothing alike)."""
    table = sa.table(table_name, sa.column(key, sa.Integer()), sa.column(column, sa.String()))
    bind = op.get_bind()
    rows = bind.execute(sa.select(table.c[key], table.c[column]).where(table.c[column].is_not(None))).all()
    for row_id, value in rows:
        bind.execute(table.update().where(table.c[key] == row_id).values({column: change(value)}))


def sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def rename_unique(table_name: str, old: str, new: str, nullable: bool) -> None:
    with op.batch_alter_table(table_name, schema=None) as batch_op:
        batch_op.drop_constraint(f'uq_{table_name}_{old}', type_='unique')
        batch_op.alter_column(old, new_column_name=new, existing_type=sa.String(length=64), existing_nullable=nullable)
    # A second batch: SQLite's copy of the table would not take a constraint on a column
    # renamed in the same batch.
    with op.batch_alter_table(table_name, schema=None) as batch_op:
        batch_op.create_unique_constraint(f'uq_{table_name}_{new}', [new])


def upgrade():
    for table_name, key, old, new in TOKENS:
        rewrite(table_name, key, old, sha256)
        rename_unique(table_name, old, new, nullable=table_name == 'volunteers')
    with op.batch_alter_table('second_factors', schema=None) as batch_op:
        batch_op.alter_column('secret', existing_type=sa.String(length=64), type_=sa.String(length=255), existing_nullable=False)
    keys = cipher()
    rewrite('second_factors', 'user_id', 'secret', lambda secret: keys.encrypt(secret.encode()).decode())


#: The downgrade decrypts these before narrowing them (see icv/downgrades.py).
CONVERTED_ON_DOWNGRADE = {"second_factors.secret"}


def downgrade():
    bind = op.get_bind()
    for table_name, _key, _old, new in TOKENS:
        count = bind.execute(sa.text(f'SELECT COUNT(*) FROM {table_name} WHERE {new} IS NOT NULL')).scalar_one()
        if count:
            raise RuntimeError(
                f'{table_name}.{new} holds {count} hashed links, and a hash cannot be turned back '
                'into the link: nothing was changed. Restore the backup taken before the upgrade '
                'instead (see this migration\'s docstring).'
            )
    keys = cipher()
    rewrite('second_factors', 'user_id', 'secret', lambda secret: keys.decrypt(secret.encode()).decode())
    with op.batch_alter_table('second_factors', schema=None) as batch_op:
        batch_op.alter_column('secret', existing_type=sa.String(length=255), type_=sa.String(length=64), existing_nullable=False)
    for table_name, _key, old, new in TOKENS:
        rename_unique(table_name, new, old, nullable=table_name == 'volunteers')
