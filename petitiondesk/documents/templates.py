"""Versioned notice templates: the shipped wording is version 1, each edit a new version."""

from __future__ import annotations

import re
from datetime import datetime
from string import Template

from petitiondesk.accounts.models import User
from petitiondesk.core.errors import Forbidden, Invalid, NotFound
from petitiondesk.core.upsert import insert_if_absent
from petitiondesk.documents.defaults import BODIES
from petitiondesk.documents.kinds import FIELDS, KINDS
from petitiondesk.documents.models import DocumentTemplate
from petitiondesk.extensions import db

MAX_BODY = 20_000
_PLACEHOLDER = re.compile(r"\$(?:\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*)|(\$)|(.?))")


def template_problems(body: str) -> list[str]:
    """Return what is wrong with a template body (unknown fields, a stray $); pure."""
    problems = []
    if not body.strip():
        problems.append("the template is empty")
    if len(body) > MAX_BODY:
        problems.append(f"the template is longer than {MAX_BODY} characters")
    for match in _PLACEHOLDER.finditer(body):
        braced, bare, dollar, stray = match.groups()
        name = braced if braced is not None else bare
        if name is not None and name not in FIELDS:
            problems.append(f"unknown field ${{{name}}}")
        elif dollar is None and name is None:
            problems.append("a $ that starts no field: write $$ for a dollar sign")
    return list(dict.fromkeys(problems))


def fill(body: str, fields: dict[str, str]) -> list[str]:
    """Return the filled template as paragraphs (blank-line separated)."""
    text = Template(body).safe_substitute(fields)
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def kind_or_404(kind: str):
    """Return the kind, or raise NotFound naming the kinds there are."""
    if kind not in KINDS:
        raise NotFound(f"no document kind {kind!r}",
                       errors={"kind": ["one of " + ", ".join(KINDS)]})
    return KINDS[kind]


def current_template(kind: str, *, now: datetime) -> DocumentTemplate:
    """Return the kind's newest template, storing the shipped wording as version 1."""
    kind_or_404(kind)
    found = _latest(kind)
    if found is not None:
        return found
    _insert_first(kind, now)
    return _latest(kind)


def template_versions(kind: str, *, now: datetime) -> list[DocumentTemplate]:
    """Return every version of a kind's template, newest first."""
    current_template(kind, now=now)
    stmt = db.select(DocumentTemplate).where(DocumentTemplate.kind == kind)
    return list(db.session.scalars(stmt.order_by(DocumentTemplate.version.desc())))


def save_template(kind: str, *, body: str, actor: User, now: datetime) -> DocumentTemplate:
    """Store an edited template as the kind's next version; only administrators edit."""
    if not actor.has_role("admin"):
        raise Forbidden("only administrators edit document templates")
    problems = template_problems(body)
    if problems:
        raise Invalid("; ".join(problems), errors={"body": problems})
    latest = current_template(kind, now=now)
    if latest.body == body:
        return latest
    item = DocumentTemplate(kind=kind, version=latest.version + 1, body=body, created_at=now,
                            created_by_id=actor.id)
    db.session.add(item)
    db.session.flush()
    return item


def _latest(kind: str) -> DocumentTemplate | None:
    stmt = (db.select(DocumentTemplate).where(DocumentTemplate.kind == kind)
            .order_by(DocumentTemplate.version.desc()).limit(1))
    return db.session.scalar(stmt)


def _insert_first(kind: str, now: datetime) -> None:
    """Insert version 1, tolerating another process doing the same at the same time."""
    insert_if_absent(DocumentTemplate, kind=kind, version=1, body=BODIES[kind], created_at=now)
