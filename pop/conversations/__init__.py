"""The gesprekscyclus: planning, preparing, recording and signing conversations."""
