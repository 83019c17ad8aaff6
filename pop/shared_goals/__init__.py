"""Team and department goals: a goal shared with a team or department, adopted per member."""
