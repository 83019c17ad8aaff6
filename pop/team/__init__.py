"""The manager's team: the team view, the matrix and each employee's file."""
