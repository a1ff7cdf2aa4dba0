"""What the HSDS import found wrong (errors) or left out (warnings), record by record."""

from collections import Counter


class Problems:
    """Errors ("<record's place>: <field>: <message>") and warnings, each remembering the
    record it is about (`notes`: {source: [warnings]}) so that the import framework can put
    it on the record's row."""

    def __init__(self):
        self.errors: list[str] = []
        self.warnings: Counter = Counter()
        self.notes: dict[str, list[str]] = {}
        self.fields_in_error: set[tuple[str, str]] = set()

    def error(self, source: str, name: str, message: str):
        if (source, name) in self.fields_in_error:
            return
        self.fields_in_error.add((source, name))
        self.errors.append(f"{source}: {name}: {message}")

    def warn(self, message: str, source: str | None = None):
        self.warnings[message] += 1
        if source is not None:
            self.notes.setdefault(source, []).append(message)

    def at(self, source: str) -> "SourceProblems":
        return SourceProblems(self, source)


class SourceProblems:
    """The problems of one record, for code that reports without naming it (schedules)."""

    def __init__(self, problems: Problems, source: str):
        self.problems, self.source = problems, source
        self.errors = problems.errors

    def warn(self, message: str):
        self.problems.warn(message, self.source)
