"""The small error hierarchy. Bad *data* is normal (InputError: reject the record, go on);
bad *config or lexicon* is a bug (LexiconError: raise and stop)."""


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose. `cli.py` turns it into one line."""


class InputError(NewsgraphError):
    """A record that cannot be read or processed. Caught per record in `pipeline.py`,
    which writes the record to the rejects file with `reason` and goes on."""

    def __init__(self, record_id: str, reason: str, raw: str | None = None) -> None:
        super().__init__(f"{record_id}: {reason}")
        self.record_id = record_id
        self.reason = reason
        self.raw = raw

    def __reduce__(self) -> tuple:
        # records cross process boundaries (workers, Spark): rebuild with all three fields
        return (InputError, (self.record_id, self.reason, self.raw))


class LexiconError(NewsgraphError):
    """A data file under newsgraph/data/ is malformed ("aliases.csv:42: empty name").
    Never caught per record: `pipeline.load_data` loads every data file when the pipeline
    loads, so a broken file stops the run at once, and `cli.py` prints it as one line."""


class SettingsError(NewsgraphError):
    """A setting is unknown, of the wrong type or out of range (every problem in one message).
    Raised before any record is read; `cli.py` prints it as one line and exits 1."""


class StoreError(NewsgraphError):
    """The knowledge store cannot be used as asked: not a store, written by a newer version,
    locked by another process, disk full. Raised by newsgraph/store/; `cli.py` prints it as one
    line. A failed write has been rolled back when this is raised."""


class TimeLimitExceeded(BaseException):
    """One article took longer than `Settings.time_limit` seconds (raised by
    `limits.time_limit`). Caught per record in `pipeline.py`: the article is rejected with
    "took longer than N s" and the worker goes on with the next one.

    A BaseException, not an Exception, on purpose (as KeyboardInterrupt): it is raised from a
    signal handler wherever the article's code happens to be, and a library's or a stage's own
    `except Exception` must not swallow it and carry on."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"took longer than {seconds:g} s")
        self.seconds = seconds

    def __reduce__(self) -> tuple:
        return (TimeLimitExceeded, (self.seconds,))
