"""Meeting requests: entering them (pages and API), their checks and statutory window, and
those at risk of missing it."""
