"""Who a ladder audience names for a case, looked up once per sweep."""

from __future__ import annotations

from dataclasses import dataclass, field

from petitiondesk.accounts.models import Department, User, UserRole
from petitiondesk.accounts.offices import office_or_none
from petitiondesk.cases.models import Case
from petitiondesk.extensions import db

# audiences that name everyone holding a role, whatever their department
ANYWHERE = {"supervisors": "supervisor", "counsel": "counsel"}


@dataclass(frozen=True)
class Recipient:
    """An address and the language to write to it in."""

    email: str
    locale: str = "zh_CN"
    user_id: int | None = None


@dataclass
class Directory:
    """Users by department and role, cached for one sweep so cases cost no extra queries."""

    _by_role: dict[tuple[int | None, str], list[Recipient]] = field(default_factory=dict)
    _mailboxes: dict[int, list[Recipient]] = field(default_factory=dict)
    _offices: dict[str, int | None] = field(default_factory=dict)

    def audience(self, case: Case, name: str) -> list[Recipient]:
        """Return the recipients an audience name stands for on this case."""
        if name == "assignee":
            if case.assignee is not None and case.assignee.active:
                return [_recipient(case.assignee)]
            return self.role("handler", case.department_id)
        if name == "handlers":
            return self.role("handler", case.department_id)
        if name == "head":
            return self.role("head", case.department_id)
        if name in ANYWHERE:
            return self.role(ANYWHERE[name], None)
        if name == "department":
            return self.mailbox(case.department_id)
        if name == "supervision_office":
            office_id = self.office("supervision")
            return self.mailbox(office_id) if office_id is not None else []
        if name == "leadership":
            # one reading of the setting (list or comma-separated) for every mailing;
            # imported here because the statistics area itself builds on the outbox
            from petitiondesk.stats.mailing import leadership_emails

            return [Recipient(email=e) for e in leadership_emails()]
        raise ValueError(f"unknown audience {name!r}")

    def role(self, role: str, department_id: int | None) -> list[Recipient]:
        """Return the active users with a role, in one department or (None) anywhere."""
        key = (department_id, role)
        if key not in self._by_role:
            stmt = db.select(User).join(UserRole).where(UserRole.role == role,
                                                        User.active.is_(True))
            if department_id is not None:
                stmt = stmt.where(User.department_id == department_id)
            self._by_role[key] = [_recipient(u) for u in db.session.scalars(
                stmt.order_by(User.id))]
        return self._by_role[key]

    def office(self, function: str) -> int | None:
        """Return the id of the department serving a function (None: nobody)."""
        if function not in self._offices:
            found = office_or_none(function)
            self._offices[function] = found.id if found else None
        return self._offices[function]

    def mailbox(self, department_id: int) -> list[Recipient]:
        """Return the department's own address, if it has one."""
        if department_id not in self._mailboxes:
            email = db.session.scalar(db.select(Department.email).where(
                Department.id == department_id))
            self._mailboxes[department_id] = [Recipient(email=email)] if email else []
        return self._mailboxes[department_id]

    def resolve(self, case: Case, audiences: tuple[str, ...]) -> list[Recipient]:
        """Return everyone the audiences name, each address once."""
        found: dict[str, Recipient] = {}
        for name in audiences:
            for person in self.audience(case, name):
                found.setdefault(person.email.lower(), person)
        return list(found.values())


def _recipient(user: User) -> Recipient:
    return Recipient(email=user.email, locale=user.locale or "zh_CN", user_id=user.id)
