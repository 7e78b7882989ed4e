"""What Quorum sends: the outbox of emails, the calendar feeds, and the record of chasers,
briefings and digests already sent."""
