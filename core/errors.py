class Refused(Exception):
    """A write the rules do not allow. `code` is for machines, `message` for people.

    Every kind of refusal (the rules, a rate limit) is one of these, so a view or the
    API answers all of them with one `except` and one exception handler.
    """

    status = 403

    def __init__(self, code, message):
        super().__init__(str(message))
        self.code = code
        self.message = message
