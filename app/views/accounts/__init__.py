"""Accounts: signing in (a password, its second factor, or the council's single sign-on),
people and access (admins), API tokens (each user's own; all for admins), and the public page
that sets a password through a one-time link."""
