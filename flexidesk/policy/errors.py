"""The refusals a policy action raises: their messages are plain English, fit to show."""


class PolicyError(Exception):
    """An action refused for a reason the user should read (the message is plain English)."""


class PermissionDenied(PolicyError):
    """The actor's role does not allow this action."""


class AskFirst(PolicyError):
    """Allowed once the user has said yes: the message is the question to ask them (more
    children than places, a leaver's provision that would end). Call again, confirmed."""
