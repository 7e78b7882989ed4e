"""Pages for telling people: the outbox and the calendar feeds."""
