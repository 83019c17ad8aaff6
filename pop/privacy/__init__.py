"""Privacy (AVG): an employee's own data, and anonymising people who have left."""
