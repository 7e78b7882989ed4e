"""The instance generator: synthetic councils' months with a planted plan, and their disruption."""
