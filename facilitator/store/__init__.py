"""The only package that touches TinyDB.

Layout: the database path is a small TinyDB *index* (one summary per session, for the home screen and
`facilitator sessions`), and each session lives in its own TinyDB file in a folder beside it. TinyDB rewrites
a whole file on every change, so keeping sessions apart keeps a save fast however many sessions a coach has
run. Every file is written atomically (a complete new file, fsynced, then renamed over the old one), so a
crash leaves either the old or the new state on disk, never half of each.

Beside them: `<name>.backups/` keeps the last few good states of the index and of each session, and a lock
file makes sure only one process writes. The index can always be rebuilt from the session files.

- `files`: file primitives (atomic owner-only writes, private folders, reading a TinyDB file, the storage)
- `layout`: where each file lives and what a usable session or index record looks like
- `recovery`: backups, `db check`, `db restore`, rebuilding the index, schema migrations
- `store`: the `Store` a workspace opens, saves to and closes
"""

from facilitator.store.errors import StoreDamaged, StoreError, StoreLocked, StoreWriteError
from facilitator.store.files import atomic_write_text, atomic_write_texts, private_dir, read_json_file
from facilitator.store.layout import APP_NAME, SCHEMA_VERSION, SESSION_ID, default_db_path
from facilitator.store.recovery import BACKUP_EVERY_SECONDS, BACKUPS_KEPT
from facilitator.store.store import Store

__all__ = [
    "APP_NAME", "BACKUPS_KEPT", "BACKUP_EVERY_SECONDS", "SCHEMA_VERSION", "SESSION_ID", "Store",
    "StoreDamaged", "StoreError", "StoreLocked", "StoreWriteError", "atomic_write_text", "atomic_write_texts",
    "default_db_path",
    "private_dir", "read_json_file",
]
