"""What an account holds beside its user row: API tokens, the second factor, one-time
set-password links."""
