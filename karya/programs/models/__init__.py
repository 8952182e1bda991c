"""The work programme: workshops, trainings, the waiting list, allocations, daily attendance
and output, and the tools register. Every row belongs to one unit and is scoped by it."""

from karya.programs.models.allocations import Allocation, Application, Attendance, OutputRecord
from karya.programs.models.documents import SkillsRecordPrint
from karya.programs.models.tools import Tool, ToolIssue
from karya.programs.models.trainings import Training, TrainingParticipant
from karya.programs.models.workshops import (
    CLASS_RANK,
    Workshop,
    _all_stages,  # referenced by migration 0001 as a field default
    _sessions,
    _weekdays,
)

__all__ = [
    "CLASS_RANK",
    "Allocation",
    "Application",
    "Attendance",
    "OutputRecord",
    "SkillsRecordPrint",
    "Tool",
    "ToolIssue",
    "Training",
    "TrainingParticipant",
    "Workshop",
    "_all_stages",
    "_sessions",
    "_weekdays",
]
