from programme.services import ProgrammeError


class WorkshopError(ProgrammeError):
    """A workshop rule refused the change."""
