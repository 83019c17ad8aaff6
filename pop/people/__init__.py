"""People administration (HR): the list, a person's details, the CSV import."""
