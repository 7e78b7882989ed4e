"""Pages for meetings: the list and one meeting, the calendars, and find times for a request."""
