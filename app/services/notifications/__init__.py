"""Telling people: invites and cancellations queued in the outbox and relayed by mail, what
an invite says, and calendar feeds."""
