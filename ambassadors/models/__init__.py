"""Recruiting community ambassadors: applications, the pipeline, references, onboarding, exit."""

from .applications import (
    Application,
    ApplicationQuerySet,
    DutyKind,
    DutyLog,
    EqualityMonitoring,
    Reference,
    SafeguardingCheck,
    Stage,
    StageChange,
    Task,
)
from .onboarding import OnboardingItem, OnboardingKind, OnboardingStep

__all__ = [
    "Application",
    "ApplicationQuerySet",
    "DutyKind",
    "DutyLog",
    "EqualityMonitoring",
    "OnboardingItem",
    "OnboardingKind",
    "OnboardingStep",
    "Reference",
    "SafeguardingCheck",
    "Stage",
    "StageChange",
    "Task",
]
