"""The refusals a policy action raises: their messages are plain English, fit to show."""


class PolicyError(Exception):
    """An action refused for a reason the user should read (the message is plain English)."""


class PermissionDenied(PolicyError):
    """The actor's role does not allow this action."""
