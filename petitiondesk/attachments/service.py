"""Attach files to cases: check size and kind, store once by hash, record on the timeline."""

from __future__ import annotations

import hashlib
import os
import tempfile
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from flask import current_app

from petitiondesk.accounts.models import User
from petitiondesk.attachments.content import ALLOWED_TYPES, display_name, sniff, storage_path
from petitiondesk.attachments.models import Attachment
from petitiondesk.cases import timeline
from petitiondesk.cases.models import Case
from petitiondesk.cases.visibility import reads_only, visible_record
from petitiondesk.core.errors import DomainError, Forbidden, Invalid, NotFound
from petitiondesk.extensions import db

CHUNK = 64 * 1024


class TooLarge(DomainError):
    """A file above the configured size."""

    status = 413
    code = "too_large"


def storage_root() -> Path:
    """Return the directory attachments are stored in, outside the web root."""
    configured = current_app.config.get("ATTACHMENT_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "attachments"


def attach(*, case: Case, stream: BinaryIO, filename: str | None, actor: User | None,
           now: datetime, max_bytes: int) -> Attachment:
    """Store an uploaded file on a case after checking its size and kind (actor None: the
    petitioner through the portal)."""
    if actor is not None:
        _may_add_files(case, actor)
    sha256, size, content_type = _store(stream, max_bytes=max_bytes)
    item = Attachment(case_id=case.id, sha256=sha256, filename=display_name(filename),
                      content_type=content_type, size=size,
                      uploaded_by_id=actor.id if actor else None, created_at=now)
    db.session.add(item)
    db.session.flush()
    timeline.record(case, "attachment_added", now=now, actor=actor, data={
        "attachment_id": item.id, "filename": item.filename, "sha256": sha256, "size": size})
    return item


def _may_add_files(case: Case, actor: User) -> None:
    """Refuse auditors, and a department that only reads a case to answer its transfer."""
    if actor.has_role("auditor") and not actor.has_role("clerk", "handler", "head",
                                                        "supervisor", "counsel"):
        raise Forbidden("auditors read cases; they do not add files")
    if reads_only(case, actor):
        raise Forbidden("a department answering a transfer reads the case; it adds files "
                        "once it has accepted")


def store_generated(*, case: Case, content: bytes, filename: str, actor: User | None,
                    now: datetime) -> Attachment:
    """Store a file the service made itself (an issued notice's PDF); no size limit applies.

    Whatever issued it writes its own timeline event, naming the file's hash.
    """
    import io

    sha256, size, content_type = _store(io.BytesIO(content), max_bytes=len(content))
    item = Attachment(case_id=case.id, sha256=sha256, filename=display_name(filename),
                      content_type=content_type, size=size,
                      uploaded_by_id=actor.id if actor else None, created_at=now)
    db.session.add(item)
    db.session.flush()
    return item


def _store(stream: BinaryIO, *, max_bytes: int) -> tuple[str, int, str]:
    """Copy the stream to storage under its hash; return hash, size and content type."""
    root = storage_root()
    root.mkdir(parents=True, exist_ok=True)
    digest, size, head = hashlib.sha256(), 0, b""
    with tempfile.NamedTemporaryFile(dir=root, delete=False, prefix=".upload-") as tmp:
        try:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise TooLarge(f"file above {max_bytes} bytes",
                                   errors={"file": [f"at most {max_bytes} bytes"]})
                head = head if len(head) >= 8 else (head + chunk)[:8]
                digest.update(chunk)
                tmp.write(chunk)
            content_type = _kind(head)
        except BaseException:
            os.unlink(tmp.name)
            raise
    return digest.hexdigest(), size, _place(Path(tmp.name), root, digest.hexdigest(),
                                            content_type)


def _kind(head: bytes) -> str:
    """Return the content type judged from the first bytes or refuse the file."""
    content_type = sniff(head)
    if content_type is None:
        raise Invalid("only PDF, PNG, JPEG and TIFF files may be attached",
                      errors={"file": ["must be one of " + ", ".join(ALLOWED_TYPES)]})
    return content_type


def _place(tmp: Path, root: Path, sha256: str, content_type: str) -> str:
    """Move the temporary file to its hash name (the same bytes are stored once)."""
    target = root / storage_path(sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(tmp, 0o640)
    os.replace(tmp, target)
    return content_type


def case_attachments(case: Case) -> list[Attachment]:
    """Return a case's attachments, oldest first."""
    stmt = db.select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id)
    return list(db.session.scalars(stmt))


def visible_attachment(attachment_id: int, user: User) -> tuple[Attachment, Path]:
    """Return an attachment of a case the user may see, with its stored file, else 404."""
    item = visible_record(Attachment, attachment_id, user, noun="attachment")
    return item, stored_file(item.sha256, what=f"the file of attachment {attachment_id}")


def stored_file(sha256: str, *, what: str) -> Path:
    """Return the stored file with this hash, or 404 saying `what` storage lost."""
    path = storage_root() / storage_path(sha256)
    if not path.is_file():
        raise NotFound(f"{what} is missing from storage")
    return path


def send_private(path: Path, *, mimetype: str, name: str, download: bool = True,
                 etag: str | None = None):
    """Return the file as a response no shared cache keeps (case files are personal data)."""
    from flask import send_file

    response = send_file(path, mimetype=mimetype, as_attachment=download, download_name=name,
                         max_age=0, etag=etag or True)
    response.headers["Cache-Control"] = "private, no-store"
    return response
