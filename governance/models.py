"""The governance app's models, one module per domain; Django and other apps import them from here."""

from governance.enforcement.models import (
    CaseCategory,
    CaseEvent,
    CasePhoto,
    DepartmentContact,
    EnforcementCase,
    EnforcementDepartment,
    Summons,
)
from governance.portal.models import Notification, OutboxMessage, PortalSetting, ReminderLog
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
    "Department",
    "DepartmentContact",
    "EnforcementCase",
    "EnforcementDepartment",
    "Evaluation",
    "EvaluationEvent",
    "FrontlineInspection",
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
