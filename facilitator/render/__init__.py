"""Rendering helpers the screens share: plain text, findings, step text, light Markdown, read-only guard."""
