"""The one base of every error meant for a person rather than a traceback.

Workshop files, imports and the database each raise their own kind, all explained in words (which file, what
is wrong, what to do); the command line and the screens catch this base to show the message and carry on.
"""


class FacilitatorError(Exception):
    """A problem explained for a person: its message is shown as it is, never a traceback."""
