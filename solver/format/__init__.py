"""The exchange format: the JSON schemas, instance validation, the score table, and typed views
of an instance and a solution (docs/exchange-format.md)."""
