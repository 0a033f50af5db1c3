"""Background work through Huey: embedded (a SQLite file in the data directory, consumed by
threads inside `prudence serve`) or shared across machines through Redis.

Notifications are the first work it carries; reminders and deadlines join them as case work
arrives.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from huey import Huey, RedisHuey, SqliteHuey
from huey.consumer import Consumer

from prudence.adapters.mail import mail_configured, send_mail
from prudence.config import Settings

log = logging.getLogger(__name__)


class _EmbeddedConsumer(Consumer):  # type: ignore[misc]
    """Huey's consumer inside the web server's process: the server owns the signals."""

    def _set_signal_handlers(self) -> None:
        pass


class TaskQueue:
    """The app's queue and the tasks registered on it."""

    def __init__(self, settings: Settings, immediate: bool = False) -> None:
        self.settings = settings
        if settings.redis_url:
            self.huey: Huey = RedisHuey("prudence", url=settings.redis_url, immediate=immediate)
        else:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            self.huey = SqliteHuey(
                "prudence", filename=str(settings.data_dir / "tasks.db"), immediate=immediate
            )
        self._consumer: Consumer | None = None

        @self.huey.task(retries=3, retry_delay=60)  # type: ignore[untyped-decorator]
        def email(to: list[str], subject: str, body: str) -> None:
            send_mail(self.settings, to, subject, body)

        self._email = email

    def every(self, schedule: Any, work: Callable[[], None], name: str) -> Any:
        """Runs `work` on a schedule (a huey.crontab) while the consumer runs."""
        task = self.huey.periodic_task(schedule, name=name)(work)
        return task

    def email(self, to: list[str], subject: str, body: str) -> Any:
        """Queues an email; nothing is queued when the school has no mail server or no one to
        write to."""
        if not to or not mail_configured(self.settings):
            return None
        return self._email(to, subject, body)

    def start_consumer(self, workers: int = 2) -> None:
        """Consumes the embedded queue in threads of this process (the default deployment)."""
        if self._consumer is None and not self.huey.immediate:
            self._consumer = _EmbeddedConsumer(self.huey, workers=workers, worker_type="thread")
            self._consumer.start()

    def stop_consumer(self) -> None:
        if self._consumer is not None:
            self._consumer.stop(graceful=True)
            self._consumer = None
