"""Unattended imports from the HR system: a full export that also tells who has left."""
