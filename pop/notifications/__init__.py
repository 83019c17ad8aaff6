"""Notifications, reminders by mail and calendar feeds (issue 7)."""
