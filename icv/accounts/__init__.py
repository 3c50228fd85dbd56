"""Accounts: people who sign in, their roles, sign-in, invitations and password resets."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)
