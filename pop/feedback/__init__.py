"""Feedback from colleagues (360): asking chosen colleagues before a conversation, and answering."""
