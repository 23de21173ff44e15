class InputError(ValueError):
    """Bad user input: the message is shown to the user as it is; nothing is stored."""
