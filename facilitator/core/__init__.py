"""Domain logic: plain Python, never imports Textual (a test enforces it)."""
