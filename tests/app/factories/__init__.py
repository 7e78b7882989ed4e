"""Test data for the app tests, one module per kind of thing built: rows (one valid row of each
model), cases, plan runs, proposals, a booked county, the outbox's world, API tokens and the
reference pages' forms."""
