class Refused(Exception):
    """A write the rules do not allow. `code` is for machines, `message` for people."""

    status = 403

    def __init__(self, code, message):
        super().__init__(str(message))
        self.code = code
        self.message = message
