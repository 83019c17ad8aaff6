"""The function catalogue: parsing, importing and showing function descriptions."""
