"""Cases, and who each is about and who is involved."""
