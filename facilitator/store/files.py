"""File primitives: owner-only folders, atomic writes, reading a TinyDB file, and the TinyDB storage on them."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import stat
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware
from tinydb.storages import Storage

from facilitator.i18n import _
from facilitator.store.errors import StoreDamaged, StoreError, StoreWriteError


def now_stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def private_dir(directory: Path) -> None:
    """Create `directory` and any missing parents readable by the owner only (they hold confidential notes)."""
    missing = []
    while not directory.exists():
        missing.append(directory)
        if directory.parent == directory:
            break
        directory = directory.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass


# The index of thousands of sessions is a few megabytes; anything far beyond is not a database of ours, and
# reading it whole (a device such as /dev/zero never ends) would only exhaust memory.
MAX_FILE_BYTES = 256 * 1024 * 1024


def not_a_regular_file(path: Path) -> str | None:
    """What `path` is when it is neither a regular file nor absent (a folder, a device, a FIFO), else None.

    Followed through symlinks: a link to a regular file is used (and written through), a link to a device is not."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return _("cannot be read ({reason})").format(reason=exc.strerror)
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return A_FOLDER
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("not a regular file")


# What not_a_regular_file says of a folder: callers tell it apart (a folder gets its own advice), so it is
# compared as this marker, never as words that change with the language.
A_FOLDER = "a folder"


def too_large(path: Path, size: int) -> str:
    return _("{path} is {size} bytes, far more than a facilitator database holds (the limit is {limit}); it has "
             "not been read or changed").format(path=path, size=f"{size:,}", limit=f"{MAX_FILE_BYTES:,}")


def atomic_write_text(path: Path, text: str, *, sync_dir: bool = True) -> None:
    """Write `text` to `path` so that the file is always either wholly old or wholly new; owner-only.

    A symlink is written through: the new file replaces the one the link points at, and the link stays.
    `sync_dir=False` leaves syncing the folder (which makes the new name durable) to the caller, who writes
    many files into one folder and syncs it once before anything points at them."""
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    private_dir(path.parent)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if sync_dir:
        fsync_dir(path.parent)


# A sync waits for the disk; the disk takes many at once for little more than the cost of one (the journal
# commits them together), so writing a thousand files, each synced in a thread of its own, takes a fraction of
# the time of one after the other.
SYNC_THREADS = 8


def atomic_write_texts(items: Sequence[tuple[Path, str]]) -> dict[Path, OSError]:
    """Many files, each written as `atomic_write_text` writes one (whole or not at all, owner-only), several at a
    time; each folder they are in is synced once, after the last. Returns the files that could not be written,
    with why: the others are on disk, durably, when this returns."""
    failed: dict[Path, OSError] = {}
    if not items:
        return failed

    def write(item: tuple[Path, str]) -> OSError | None:
        try:
            atomic_write_text(item[0], item[1], sync_dir=False)
        except OSError as exc:
            return exc
        return None

    with ThreadPoolExecutor(max_workers=min(SYNC_THREADS, len(items)), thread_name_prefix="write") as pool:
        outcomes = list(pool.map(write, items))
    folders: dict[Path, None] = {}
    for (path, _text), problem in zip(items, outcomes, strict=True):
        if problem is not None:
            failed[path] = problem
        else:
            folders[Path(os.path.realpath(path)).parent] = None
    for folder in folders:
        fsync_dir(folder)
    return failed


# Every file we write ends with the SHA-256 of the rest of it, as one more table: a bit flipped on the disk (or an
# edit by hand) is then found on reading, reported by `db check`, and `db restore` takes the newest backup whose
# checksum holds. Files written before checksums existed have no such table and read as they always did.
CHECKSUM_TABLE = "_checksum"


def _tables_text(tables: dict[str, Any]) -> str:
    return json.dumps(tables, ensure_ascii=False, separators=(",", ":"))


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def checksummed_json(data: dict[str, Any]) -> str:
    """The file's text: its tables, then the checksum of exactly that text."""
    tables = {name: table for name, table in data.items() if name != CHECKSUM_TABLE}
    body = _tables_text(tables)
    stamp = f'"{CHECKSUM_TABLE}":{{"1":{{"sha256":"{_digest(body)}"}}}}'
    return ("{" + stamp + "}") if body == "{}" else (body[:-1] + "," + stamp + "}")


def write_json(path: Path, data: dict[str, Any], *, sync_dir: bool = True) -> None:
    text = checksummed_json(data)
    if sync_dir:
        atomic_write_text(path, text)
    else:
        atomic_write_text(path, text, sync_dir=False)


def _checksum_problem(data: dict[str, Any]) -> str | None:
    """Why the checksum of a file read does not hold (None when it does, or when the file has none); the
    checksum table is taken out of `data`, so no reader ever sees it."""
    stamp = data.pop(CHECKSUM_TABLE, None)
    if stamp is None:
        return None
    expected = (stamp.get("1") or {}).get("sha256")
    if expected != _digest(_tables_text(data)):
        return _("its checksum does not match its content: it changed after facilitator wrote it (a disk "
                 "error, or an edit by hand)")
    return None


def read_json_file(path: Path) -> dict[str, Any] | None:
    """A TinyDB file's tables; None when it does not exist or is empty; StoreDamaged when unreadable."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just below
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise StoreError(_("{path} is not a regular file; it has not been read").format(path=path))
            if info.st_size > MAX_FILE_BYTES:
                raise StoreError(too_large(path, info.st_size))
            raw = handle.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(_("cannot read {path}: {reason}").format(path=path, reason=exc.strerror)) from None
    if not raw.strip():
        return None
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise StoreDamaged(path, _("not valid JSON: {error}").format(error=exc)) from None
    if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
        raise StoreDamaged(path, _("not a TinyDB database: expected an object of tables"))
    for name, table in data.items():
        for doc_id, doc in table.items():
            if not isinstance(doc, dict):
                raise StoreDamaged(path, _("not a TinyDB database: record {id} of table '{name}' is {type}, not "
                                           "an object").format(id=doc_id, name=name, type=type(doc).__name__))
    if problem := _checksum_problem(data):
        raise StoreDamaged(path, problem)
    return data


Signature = tuple[int, int, int, bytes] | None
_TAIL = 80  # bytes: a file we write ends with the SHA-256 of all the rest (see CHECKSUM_TABLE)


def signature(path: Path) -> Signature:
    """What tells one version of a file from another without reading it: its inode, modification time and size,
    and its last bytes, which hold the checksum of the rest (so even a rewrite within one tick of the file
    system's clock, of the same size, on a recycled inode, is told apart). None when it cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        tail = os.pread(fd, _TAIL, max(0, info.st_size - _TAIL))
    except OSError:
        return None
    finally:
        os.close(fd)
    return info.st_ino, info.st_mtime_ns, info.st_size, tail


class AtomicJSONStorage(Storage):
    """TinyDB storage that never leaves a half-written file behind (unlike TinyDB's JSONStorage).

    With `follow`, it keeps the signature of the version it last read or wrote, so a reader can tell when
    another process has replaced the file since."""

    def __init__(self, path: str | Path, read_only: bool = False, follow: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        self.follow = follow
        self.signature: Signature = None

    def read(self) -> dict[str, Any] | None:
        if self.follow:
            # taken before reading: a file replaced in between then looks changed, and is read again next time
            self.signature = signature(self.path)
        return read_json_file(self.path)

    def write(self, data: dict[str, Any]) -> None:
        if self.read_only:
            raise StoreWriteError(_("{path} is open read-only").format(path=self.path))
        try:
            write_json(self.path, data)
        except OSError as exc:
            raise StoreWriteError(_("could not save to {path}: {reason}").format(
                path=self.path, reason=exc.strerror or exc)) from None
        if self.follow:
            self.signature = signature(self.path)  # we hold the write lock: no one else wrote since

    def close(self) -> None:
        pass


class WriteThrough(CachingMiddleware):
    """Serve reads from memory, write every change at once: a save costs one file write, no re-read.

    If a write fails the change stays in the cache as unflushed and goes out with the next write.
    """

    WRITE_CACHE_SIZE = 1


def open_tinydb(path: Path, read_only: bool, *, follow: bool = False) -> TinyDB:
    return TinyDB(path, storage=WriteThrough(AtomicJSONStorage), read_only=read_only, follow=follow)
