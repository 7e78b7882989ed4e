"""Reference data the pages list and edit: localities, rooms, chairs, people and when
they are unavailable."""
