"""`mkdocs serve`: edits learnt from the kernel (inotify) instead of polling, templates compiled once."""

from __future__ import annotations

from jinja2 import BytecodeCache
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)


def watch_with_inotify(server) -> None:
    """Let `mkdocs serve` learn of edits from the kernel (inotify) instead of polling.

    MkDocs's live-reload server polls every watched folder twice a second, stat-ing every file:
    with a thousand product folders that walk takes a fifth of a core, and its thread holds the
    interpreter lock against the rebuild it should trigger (about half of a rebuild's time at
    N = 1,000, measured with py-spy). Where watchdog has inotify (Linux), the same watches are
    moved to an inotify observer before the server starts it; elsewhere polling stays.
    MkDocs 1.6's LiveReloadServer keeps its watched paths in `_watched_paths` and `_watch_refs`
    (private; pinned version, tests/test_upstream_private_apis.py).
    """
    observer = changes_only_inotify_observer()
    paths = getattr(server, "_watched_paths", None)
    if observer is None or not isinstance(paths, dict) or server.observer.is_alive():
        return
    counts = dict(paths)

    def watch_all():
        for path, count in counts.items():
            for _ in range(count):
                server.watch(path)

    for path, count in counts.items():
        for _ in range(count):
            server.unwatch(path)
    polling, server.observer = server.observer, observer
    try:
        watch_all()
    except OSError as error:  # e.g. the inotify watch limit: keep polling
        log.info(f"watching for edits by polling ({error})")
        server.observer.unschedule_all()
        server._watched_paths.clear()
        server._watch_refs.clear()
        server.observer = polling
        watch_all()


def changes_only_inotify_observer():
    """An inotify observer that reports changes only, or None where inotify is missing.

    inotify also reports reads (a file opened, closed unwritten); every build reads every content
    file, so with them each rebuild would trigger the next. The event filter also keeps the kernel
    from queueing those events at all.
    """
    try:
        from watchdog import events
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:
        return None
    changes = [events.FileCreatedEvent, events.FileDeletedEvent, events.FileModifiedEvent, events.FileMovedEvent,
               events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]

    class ChangesOnly(InotifyObserver):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
            return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes,
                                    follow_symlink=follow_symlink)

    return ChangesOnly()


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory: `mkdocs serve` makes a new Jinja environment per rebuild.
    Jinja keys each entry by the template's name and a checksum of its source."""

    def __init__(self):
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()
