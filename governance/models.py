"""The governance app's models, one module per domain; Django and other apps import them from here."""

from governance.dataimport.models import ImportBatch, ImportedRecord
from governance.enforcement.models import (
    CaseCategory,
    CaseEvent,
    CasePhoto,
    DepartmentContact,
    EnforcementCase,
    EnforcementDepartment,
    Summons,
)
from governance.portal.models import (
    ChannelPreference,
    Notification,
    OutboxMessage,
    PortalSetting,
    ReminderLog,
)
from governance.reports.models import WorkReport
from governance.residents.models import Household, PersonalDataAccess, Resident
from governance.staff.models import (
    Absence,
    Department,
    Evaluation,
    EvaluationEvent,
    FrontlineInspection,
    LeadershipPortfolio,
    Post,
    StaffMember,
)
from governance.territory.models import Area, Assignment

__all__ = [
    "Absence",
    "Area",
    "Assignment",
    "CaseCategory",
    "CaseEvent",
    "CasePhoto",
    "ChannelPreference",
    "Department",
    "DepartmentContact",
    "EnforcementCase",
    "EnforcementDepartment",
    "Evaluation",
    "EvaluationEvent",
    "FrontlineInspection",
    "ImportBatch",
    "ImportedRecord",
    "Household",
    "LeadershipPortfolio",
    "Notification",
    "OutboxMessage",
    "PersonalDataAccess",
    "PortalSetting",
    "Post",
    "ReminderLog",
    "Resident",
    "StaffMember",
    "Summons",
    "WorkReport",
]
