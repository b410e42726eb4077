"""The notice documents the regulations name, per track; pure.

Each kind has its own number series (文号) per year, the tracks it belongs to, and
the fields its template may use. Which clock a document's recorded service meets is
said by the deadline rules (`met_by_service` in config/deadlines.toml), not here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of notice document."""

    code: str
    title_zh: str
    title_en: str
    word: str  # the issuing word before the year in the 文号, e.g. 信受〔2026〕第12号
    tracks: frozenset[str]
    # roles besides the case's own handlers that may issue it (the petition office's notices)
    clerk_may_issue: bool = False


P = frozenset({"petition"})

KINDS: dict[str, Kind] = {k.code: k for k in (
    Kind("acceptance_notice", "受理告知书", "Notice of acceptance", "信受", P, True),
    Kind("rejection_notice", "不予受理告知书", "Notice of non-acceptance", "信不受", P, True),
    Kind("forward_notice", "转送/交办告知书", "Notice of forwarding or assignment", "信转", P,
         True),
    Kind("extension_notice", "延期告知书", "Notice of extension", "信延", P),
    Kind("reply_opinion", "信访处理意见书", "Petition handling opinion", "信处", P),
    Kind("review_opinion", "复查意见书", "Review opinion", "信复查", P),
    Kind("rereview_opinion", "复核意见书", "Re-review opinion", "信复核", P),
    Kind("defence_cover", "答辩状", "Statement of defence (cover sheet)", "诉答",
         frozenset({"litigation"})),
    Kind("reconsideration_reply_cover", "行政复议书面答复", "Written reply in reconsideration "
         "(cover sheet)", "复答", frozenset({"reconsideration"})),
)}

# what a template may say; every one is filled from the case when a document is issued
FIELDS: dict[str, str] = {
    "bureau": "the issuing bureau's name (setting BUREAU_NAME)",
    "document_number": "the document number (文号)",
    "case_number": "the case number",
    "petitioner": "the petitioners' names",
    "title": "the matter as registered",
    "received_on": "the day the petition was received",
    "department": "the department handling the case",
    "issued_on": "the day of issue",
    "channel": "where a not-accepted petitioner is guided (不予受理)",
    "reason": "the reason given (not accepted, transfer)",
    "forwarded_to": "the department the matter was forwarded or assigned to",
    "extension_days": "the approved extension in days",
    "new_due_on": "the due date after the extension",
    "reply": "the written reply or opinion",
    "outcome": "the outcome",
    "court_case_number": "the court's case number (litigation)",
    "court": "the court or reconsideration organ",
}


def document_number(kind: Kind, *, year: int, seq: int) -> str:
    """Return the document number, e.g. 信受〔2026〕第12号."""
    return f"{kind.word}〔{year}〕第{seq}号"


def sequence_prefix(kind: Kind, *, year: int) -> str:
    """Return the key of the kind's number series for a year (beside the case numbers')."""
    return f"{kind.word}-{year}"
