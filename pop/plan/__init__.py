"""The employee's development plan: SMART goals, agreement, check-ins and evidence."""
