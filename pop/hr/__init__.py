"""HR: people administration, and later the organisation-wide overview."""
