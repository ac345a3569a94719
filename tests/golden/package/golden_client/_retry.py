"""When to retry and how long to wait: Retry-After read as a careful SDK does (openai-python's
`_parse_retry_after_header` is the model), else capped exponential backoff with jitter.
"""

from __future__ import annotations

import datetime
import email.utils
import random
import re
import time
from dataclasses import dataclass

RETRY_STATUSES = frozenset({429, 502, 503, 504})
_SECONDS = re.compile(
    r"[0-9]{1,10}(\.[0-9]{1,6})?"
)  # RFC 9110 delay-seconds, and decimals


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 2
    backoff: float = 0.5  # first wait; doubles each attempt
    max_backoff: float = 8.0  # our own waits never exceed this
    max_retry_after: float = 60.0  # a server's Retry-After is honoured up to this

    def should_retry(self, idempotent: bool, status: int | None, attempt: int) -> bool:
        """Idempotent requests are retried on 429/502/503/504 and on connection failures."""
        if attempt >= self.max_retries or not idempotent:
            return False
        return status is None or status in RETRY_STATUSES

    def delay(
        self, attempt: int, retry_after: str | None, now: float | None = None
    ) -> float:
        """Seconds to wait before attempt `attempt + 1`."""
        asked = parse_retry_after(retry_after, time.time() if now is None else now)
        if asked is not None and asked <= self.max_retry_after:
            return asked
        wait = min(self.backoff * 2.0**attempt, self.max_backoff)
        return wait * (1.0 - 0.25 * random.random())


def parse_retry_after(value: str | None, now: float) -> float | None:
    """A Retry-After value (seconds or an HTTP date) -> seconds from `now`, or None when it
    is absent, negative, not finite, in the past, or not a Retry-After value at all."""
    if value is None:
        return None
    value = value.strip()
    if _SECONDS.fullmatch(value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # RFC 9110 dates are GMT; a bare one is read as such
        when = when.replace(tzinfo=datetime.UTC)
    seconds = when.timestamp() - now
    return seconds if seconds >= 0 else None
