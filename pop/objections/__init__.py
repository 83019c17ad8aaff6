"""Bezwaar: the employee's objection to a signed beoordeling, and HR's decision on it."""
