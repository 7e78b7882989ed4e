"""Escalations after a meeting: a professional who sent neither a report nor apologies is
proposed to the meeting's chair, who raises it with their agency or dismisses it (escalations);
each chair's weekly email of the ones still open (digest)."""
