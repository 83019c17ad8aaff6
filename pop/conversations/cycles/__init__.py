"""Cycle administration: opening and closing a gesprekscyclus and setting its deadlines (HR)."""
