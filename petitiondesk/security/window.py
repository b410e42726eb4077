"""The sliding-window rule; pure."""

from __future__ import annotations

import math
from datetime import datetime, timedelta


def retry_after(attempts: list[datetime], *, now: datetime, limit: int,
                window: timedelta) -> int | None:
    """Return the seconds to wait before another attempt, or None when one is allowed now.

    `attempts` are the earlier attempts inside the window, oldest first.
    """
    if len(attempts) < limit:
        return None
    # enough of the oldest must leave the window to bring the count below the limit
    frees_at = attempts[len(attempts) - limit] + window
    return max(1, math.ceil((frees_at - now).total_seconds()))
