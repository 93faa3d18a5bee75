from governance.models import enforcement as _enforcement  # noqa: F401  (joint enforcement models)
from governance.models.access import Assignment, PersonalDataAccess
from governance.models.notifications import Notification, PortalSetting, ReminderLog
from governance.models.residents import Household, Resident
from governance.models.staff import *  # noqa: F403  (issue 4: street staff)
from governance.models.territory import Area

__all__ = [
    "Area",
    "Assignment",
    "Household",
    "Notification",
    "PersonalDataAccess",
    "PortalSetting",
    "ReminderLog",
    "Resident",
]
