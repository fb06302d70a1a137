"""The join server: the room answers from their phones (see server.py)."""
