"""Import every model so metadata (and migrations) see them all."""

from petitiondesk.accounts.models import ApiToken, Department, User, UserRole
from petitiondesk.alerts.models import OutboxMessage
from petitiondesk.attachments.models import Attachment
from petitiondesk.cases.models import Case, CaseParty, Event, Matter, NumberSequence, Party
from petitiondesk.core.models import IdempotencyRecord
from petitiondesk.deadlines.models import CalendarDay, CalendarYear, Clock, Extension
from petitiondesk.documents.models import Document, DocumentTemplate
from petitiondesk.imports.models import RegisterEntry
from petitiondesk.legal.models import Hearing
from petitiondesk.portal.models import PortalAccess
from petitiondesk.security.models import SignInAttempt
from petitiondesk.stats.models import MonthSnapshot
from petitiondesk.suggest.models import SuggestionModel
from petitiondesk.transfers.models import RoutingRule, Transfer

__all__ = [
    "ApiToken", "Attachment", "CalendarDay", "CalendarYear", "Case", "CaseParty", "Clock",
    "Department", "Document", "DocumentTemplate", "Event", "Extension", "Hearing",
    "IdempotencyRecord", "Matter", "MonthSnapshot", "NumberSequence", "OutboxMessage", "Party",
    "PortalAccess", "RegisterEntry", "RoutingRule", "SignInAttempt", "SuggestionModel",
    "Transfer", "User", "UserRole",
]
