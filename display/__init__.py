"""Lobby display: the board and the announcer (chime + voice)."""
