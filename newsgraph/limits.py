"""limits: the time limit on one article, and printing untrusted strings on one line.

`time_limit(seconds)` arms a SIGALRM timer (`setitimer`) around one article's work and raises
`TimeLimitExceeded` in it when the time is up: a pathological text is rejected, the worker goes
on. Arming and disarming cost ~2 µs against ~35 ms an article. The signal is delivered between
Python bytecodes, so a spaCy call in C that runs long is stopped when it returns to Python; the
multi-process runner kills a worker that does not answer at all (runner.py). Signals exist in
the main thread only: elsewhere (a thread of a service) `time_limit` does nothing, and says so
once in the log.
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from newsgraph.errors import TimeLimitExceeded

log = logging.getLogger(__name__)

# How much of an untrusted string a one-line message shows (an id, a field value).
SHOWN_CHARS = 80

_warned_no_signal = False


def can_time_limit() -> bool:
    """Whether `time_limit` can interrupt code here (a POSIX main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeLimitExceeded(seconds) in the block when it runs longer than `seconds`.

    `seconds` <= 0 means no limit. Inside another `time_limit` the outer one stays in force (a
    timer is one per process). Also raised when the block ends late without the signal having
    interrupted it (code that caught BaseException and went on)."""
    global _warned_no_signal
    if seconds <= 0:
        yield
        return
    if not can_time_limit():
        if not _warned_no_signal:
            _warned_no_signal = True
            log.warning("no per-article time limit outside the main thread")
        yield
        return
    if signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        yield  # an outer limit is running
        return

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeLimitExceeded(seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    start = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    if time.monotonic() - start > seconds:
        raise TimeLimitExceeded(seconds)


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """An untrusted value as one safe line: control, format (bidi, zero-width) and surrogate
    characters escaped, so it can neither break the line, move the cursor of a terminal, nor
    reorder what is printed around it; long values cut to `limit` characters."""
    text = value if isinstance(value, str) else repr(value)
    cut = len(text) > limit
    text = text[:limit]
    out = "".join(c if c.isprintable() else _escape(c) for c in text)
    return out + "…" if cut else out


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
