"""Departments, users, passwords and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from petitiondesk.accounts.models import ApiToken, Department, User, UserRole
from petitiondesk.accounts.offices import set_functions
from petitiondesk.accounts.roles import unknown_roles
from petitiondesk.core.errors import Conflict, Invalid, NotFound, Unauthorized
from petitiondesk.extensions import db

_hasher = PasswordHasher()
# tests create many users; the cheapest argon2 parameters keep them fast
_fast_hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def current_hasher() -> PasswordHasher:
    from flask import current_app

    return _fast_hasher if current_app and current_app.config.get("TESTING") else _hasher


def hash_password(password: str) -> str:
    """Return an argon2 hash of the password."""
    return current_hasher().hash(password)


def password_matches(user: User, password: str) -> bool:
    """Return whether the password is the user's."""
    try:
        return current_hasher().verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def department_by_code(code: str) -> Department:
    """Return the department with this code or raise NotFound."""
    dept = db.session.scalar(db.select(Department).where(Department.code == code))
    if dept is None:
        raise NotFound(f"no department with code {code!r}", errors={"department": ["unknown"]})
    return dept


def create_department(*, code: str, name: str, email: str | None = None,
                      parent_code: str | None = None, functions: list[str] = ()) -> Department:
    """Create a department with a unique code, serving the functions given."""
    if db.session.scalar(db.select(Department.id).where(Department.code == code)):
        raise Conflict(f"department {code!r} exists already", errors={"code": ["taken"]})
    parent = department_by_code(parent_code) if parent_code else None
    dept = Department(code=code, name=name, email=email, parent=parent,
                      assignment_mode="unassigned", active=True)
    db.session.add(dept)
    db.session.flush()
    if functions:
        set_functions(dept, list(functions))
    return dept


def update_department(*, code: str, changes: dict) -> Department:
    """Change a department's name, e-mail or functions (those given replace its own)."""
    dept = department_by_code(code)
    for name in ("name", "email"):
        if name in changes:
            setattr(dept, name, changes[name])
    if "functions" in changes:
        set_functions(dept, list(changes["functions"]))
    db.session.flush()
    return dept


def create_user(*, email: str, password: str, name: str, department_code: str,
                roles: list[str], now: datetime, locale: str = "zh_CN") -> User:
    """Create a user with roles in a department."""
    problems = _user_problems(email=email, password=password, roles=roles)
    if problems:
        raise Invalid("invalid user", errors=problems)
    if db.session.scalar(db.select(User.id).where(User.email == email.lower())):
        raise Conflict(f"a user with e-mail {email} exists already")
    dept = department_by_code(department_code)
    user = User(email=email.lower(), name=name, password_hash=hash_password(password),
                department=dept, locale=locale, digest_enabled=True, active=True,
                failed_logins=0, created_at=now,
                role_rows=[UserRole(role=r) for r in dict.fromkeys(roles)])
    db.session.add(user)
    db.session.flush()
    return user


def _user_problems(*, email: str, password: str, roles: list[str]) -> dict:
    """Return field problems of a new user."""
    problems: dict[str, list[str]] = {}
    if "@" not in email:
        problems["email"] = ["not an e-mail address"]
    if len(password) < 8:
        problems["password"] = ["at least 8 characters"]
    if not roles:
        problems["role"] = ["at least one role"]
    elif bad := unknown_roles(roles):
        problems["role"] = [f"unknown role {r!r}" for r in bad]
    return problems


def authenticate(*, email: str, password: str, now: datetime,
                 max_failures: int, lock_minutes: int) -> User:
    """Return the user for these credentials; count failures and lock after too many."""
    user = db.session.scalar(db.select(User).where(User.email == (email or "").lower()))
    if user is None or not user.active:
        raise Unauthorized("wrong e-mail or password")
    if user.locked_until and user.locked_until > now:
        raise Unauthorized("account locked after repeated failures; try again later")
    if not password_matches(user, password):
        user.failed_logins += 1
        if user.failed_logins >= max_failures:
            user.locked_until = now + timedelta(minutes=lock_minutes)
            user.failed_logins = 0
        return _fail_after_commit(user)
    user.failed_logins = 0
    user.locked_until = None
    return user


def _fail_after_commit(user: User):
    """Keep the failure count even though the request ends in an error."""
    db.session.commit()
    raise Unauthorized("wrong e-mail or password")


def issue_token(user: User, *, now: datetime, ttl_hours: int) -> tuple[str, ApiToken]:
    """Create a bearer token for the user; only its hash is stored."""
    raw = secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, token_hash=_digest(raw), created_at=now,
                     expires_at=now + timedelta(hours=ttl_hours))
    db.session.add(token)
    db.session.flush()
    return raw, token


def user_for_token(raw: str, *, now: datetime) -> User:
    """Return the user a bearer token belongs to, or raise Unauthorized."""
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.token_hash == _digest(raw)))
    if token is None or token.revoked_at or token.expires_at <= now or not token.user.active:
        raise Unauthorized("missing, expired or revoked token")
    return token.user


def revoke_token(raw: str, *, now: datetime) -> None:
    """Revoke a bearer token."""
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.token_hash == _digest(raw)))
    if token is not None and token.revoked_at is None:
        token.revoked_at = now


def _digest(raw: str) -> str:
    """Return the SHA-256 hex digest of a raw token."""
    return hashlib.sha256(raw.encode()).hexdigest()
