"""Accounts: people who sign in, their roles, sign-in, invitations and password resets."""
