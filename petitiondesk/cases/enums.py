"""Tracks, channels, statuses and outcomes; pure."""

from __future__ import annotations

TRACKS = ("petition", "mediation", "arbitration", "reconsideration", "litigation")
CHANNELS = ("letter", "visit", "online", "phone", "email", "referral", "court")
STATUSES = (
    "registered", "accepted", "replied", "reviewing", "closed",
    "rejected", "diverted", "withdrawn",
)
OPEN_STATUSES = ("registered", "accepted", "replied", "reviewing")
CLOSED_STATUSES = ("closed", "rejected", "diverted", "withdrawn")

# Human case-number prefix per track: 信访 XF, 调解 TJ, 仲裁 ZC, 复议 FY, 诉讼 SS.
NUMBER_PREFIX = {
    "petition": "XF",
    "mediation": "TJ",
    "arbitration": "ZC",
    "reconsideration": "FY",
    "litigation": "SS",
}

INSTANCES = ("first", "second", "retrial", "enforcement")
LITIGATION_ROLES = ("defendant", "plaintiff", "third_party")
RECONSIDERATION_ROLES = ("respondent", "organ")
PROCEDURES = ("ordinary", "simplified")

LITIGATION_OUTCOMES = ("won", "lost", "partly_lost", "withdrawn", "settled")
RECONSIDERATION_OUTCOMES = (
    "varied", "revoked", "confirmed_illegal", "ordered_to_perform", "confirmed_void",
    "upheld", "claim_dismissed", "application_dismissed", "mediated", "withdrawn",
)
# outcomes of a reconsideration that correct the act under review (statistics)
CORRECTING_OUTCOMES = frozenset(
    {"varied", "revoked", "confirmed_illegal", "ordered_to_perform", "confirmed_void"}
)
PETITION_OUTCOMES = (
    "supported", "partly_supported", "not_supported", "explained", "resolved",
    "diverted", "withdrawn", "not_accepted",
)
OUTCOMES = tuple(
    dict.fromkeys(PETITION_OUTCOMES + LITIGATION_OUTCOMES + RECONSIDERATION_OUTCOMES
                  + ("agreement", "no_agreement", "award", "guided", "terminated"))
)
