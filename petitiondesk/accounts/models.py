"""Departments, users with roles, and hashed API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from petitiondesk.core.types import UTCDateTime
from petitiondesk.extensions import db

ASSIGNMENT_MODES = ("unassigned", "round_robin", "fewest_open")
# what a department may serve for the whole bureau, each function in one department at most:
# intake (the petition office, the default route when no routing rule matches), legal (the
# legal counsel office, where legacy matters escalate), supervision (the supervision office,
# whose mailbox hears when the escalation ladder puts a case under supervision)
FUNCTIONS = ("intake", "legal", "supervision")


class Department(db.Model):
    """An organisational unit that owns cases."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    assignment_mode: Mapped[str] = mapped_column(String(20), default="unassigned")
    last_assigned_user_id: Mapped[int | None] = mapped_column(Integer)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    parent: Mapped[Department | None] = relationship(remote_side=[id])
    function_rows: Mapped[list[DepartmentFunction]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="DepartmentFunction.function")

    @property
    def functions(self) -> list[str]:
        """Return the functions this department serves, in FUNCTIONS order."""
        held = {row.function for row in self.function_rows}
        return [name for name in FUNCTIONS if name in held]


class DepartmentFunction(db.Model):
    """A function one department serves for the bureau; the key makes it one department."""

    __tablename__ = "department_functions"

    function: Mapped[str] = mapped_column(String(20), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)


class UserRole(db.Model):
    """One role held by one user."""

    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)


class User(db.Model):
    """A person who signs in; belongs to one department."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    locale: Mapped[str] = mapped_column(String(10), default="zh_CN")
    digest_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    department: Mapped[Department] = relationship(lazy="joined")
    role_rows: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def roles(self) -> frozenset[str]:
        """Return the names of this user's roles."""
        return frozenset(r.role for r in self.role_rows)

    def has_role(self, *names: str) -> bool:
        """Return whether the user holds any of these roles."""
        return bool(self.roles & set(names))

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        """Return True: a loaded user is signed in."""
        return True

    @property
    def is_active(self) -> bool:
        """Return whether the account may sign in."""
        return self.active

    @property
    def is_anonymous(self) -> bool:
        """Return False: a loaded user is never anonymous."""
        return False

    def get_id(self) -> str:
        """Return the session identifier."""
        return str(self.id)


class ApiToken(db.Model):
    """A bearer token, stored only as its SHA-256 hash."""

    __tablename__ = "api_tokens"
    __table_args__ = (UniqueConstraint("token_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(lazy="joined")
