"""Meetings: booking one into a slot (by hand or from find-times), reading, locking, marking
held, the calendar pages, and booking late with a manager's agreement."""
