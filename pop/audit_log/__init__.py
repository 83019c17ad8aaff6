"""The audit log viewer: who changed what and when, filtered and exported, within HR's scope."""
