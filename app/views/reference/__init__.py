"""Pages for the reference data: localities, rooms, chairs and people."""
