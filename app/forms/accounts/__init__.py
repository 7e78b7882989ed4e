"""Forms for signing in, the second factor, and people and access."""
