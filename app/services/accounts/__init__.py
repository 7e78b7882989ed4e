"""Sign-in accounts and sessions, and the API's bearer tokens."""
