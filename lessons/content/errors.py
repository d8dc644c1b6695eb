"""Validation errors that name the file, the item and the field, so an author can find the mistake."""

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class ContentError:
    file: str
    item: str
    field: str
    message: str

    def __str__(self):
        return f"{self.file}: {self.item}: {self.field}: {self.message}"


class ContentInvalid(Exception):
    """The content has errors; nothing may be written."""

    def __init__(self, errors):
        self.errors = sorted(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass
class ErrorLog:
    """Collects every error of a run, so an author sees them all at once rather than one per build."""

    errors: list = field(default_factory=list)

    def add(self, file, item, field_name, message):
        self.errors.append(ContentError(file, item, field_name, message))

    def for_file(self, file):
        return FileErrors(self, file)

    def raise_if_any(self):
        if self.errors:
            raise ContentInvalid(self.errors)


@dataclass
class FileErrors:
    """The error log bound to one file, with the small checks every part of a topic needs."""

    log: ErrorLog
    file: str

    def add(self, item, field_name, message):
        self.log.add(self.file, item, field_name, message)

    def text(self, item, data, field_name, *, max_length=None, required=True):
        """The field's text, stripped; an error (and "") when it is missing, not text, or too long."""
        value = data.get(field_name) if isinstance(data, dict) else None
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(item, field_name, "is required")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.add(item, field_name, f"must be text, not {type(value).__name__}")
            return ""
        value = str(value).strip()
        if max_length and len(value) > max_length:
            self.add(item, field_name, f"is {len(value)} characters long; at most {max_length} fit")
        return value

    def items(self, item, data, field_name):
        """The field's list of entries ([] with an error when it is there but not a list)."""
        value = data.get(field_name) if isinstance(data, dict) else None
        if value is None:
            return []
        if not isinstance(value, list):
            self.add(item, field_name, "must be a list")
            return []
        return value
