"""Who may see a case's full ID numbers and phone numbers, and the record of each view.

Default views are masked. Full values are shown only on an explicit request (the API's
`?reveal=personal`, the case page's "show" button), and each such view is written on the
case's timeline as `personal_data_viewed`. Writing an event for every ordinary read
would flood the timeline and hide the views that matter.
"""

from __future__ import annotations

from datetime import datetime

from petitiondesk.accounts.models import User
from petitiondesk.cases import timeline
from petitiondesk.cases.models import Case
from petitiondesk.core.errors import Forbidden

# roles whose work needs the full values on any case they see
_ANY_CASE = frozenset({"clerk", "supervisor", "counsel"})
# roles that need them on their own department's cases only
_OWN_DEPARTMENT = frozenset({"handler", "head"})


def may_reveal(roles: frozenset[str] | set[str], *, same_department: bool) -> bool:
    """Return whether these roles may see full personal data on a case."""
    if _ANY_CASE & set(roles):
        return True
    return same_department and bool(_OWN_DEPARTMENT & set(roles))


def reveal_personal_data(case: Case, *, user: User, now: datetime) -> bool:
    """Allow a view of the case's full personal data and write it on the timeline."""
    if not may_reveal(user.roles, same_department=user.department_id == case.department_id):
        raise Forbidden("your role does not show full ID and phone numbers")
    timeline.record(case, "personal_data_viewed", now=now, actor=user, data={
        "fields": ["id_number", "phone"], "parties": [p.id for p in case.parties]})
    return True
