"""A manager's agreements: asking for them, giving them, and the managers' queue."""
