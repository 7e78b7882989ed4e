"""Forms for the reference data: localities, rooms, chairs (and their unavailability), people."""
