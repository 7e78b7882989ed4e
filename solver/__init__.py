"""Quorum's scheduler: pure Python + OR-Tools, speaking the chairs-instance/1 exchange format.

Nothing here imports Flask, SQLAlchemy, icalendar or the app (a test asserts it).
"""
