"""What every API view needs: the caller, now, today and the due-soon window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from petitiondesk.accounts.auth import api_caller
from petitiondesk.accounts.models import User
from petitiondesk.core.local import local_today
from petitiondesk.core.timeutil import now_utc


@dataclass(frozen=True)
class Ctx:
    """The caller and the instant of one request."""

    user: User
    now: datetime
    today: date
    due_soon_days: int

    @property
    def view_args(self) -> dict:
        """Return the keyword arguments presenters take."""
        return {"today": self.today, "due_soon_days": self.due_soon_days,
                "locale": self.user.locale}


def ctx() -> Ctx:
    """Return the request's context."""
    from petitiondesk.deadlines.service import rules

    now = now_utc()
    return Ctx(user=api_caller(), now=now, today=local_today(now),
               due_soon_days=rules().due_soon_days)
