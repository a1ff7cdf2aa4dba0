"""Targets whose rows are records a program wrote, not a spreadsheet a person typed.

CAP alerts (`cap/importing.py`) and PTV records (`directory/ptv/importing.py`) are staged as
one row per record under a fixed header of required columns. Their header is mapped by name
(nobody chooses columns), and a read that found no records is no error: there is nothing to
import now.
"""

from typing import Any, ClassVar

from .base import ImportField, StagedImporter


class RecordImporter(StagedImporter):
    """A StagedImporter over a fixed `header`; a subclass declares the header and the rest."""

    header: ClassVar[list[str]] = []

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "header" in cls.__dict__:
            cls.fields = tuple(ImportField(name, name, required=True) for name in cls.header)

    def parse(
        self, data: bytes, allow_empty: bool = True
    ) -> tuple[list[str], list[dict[str, Any]]]:
        return super().parse(data, allow_empty=allow_empty)

    def propose_mapping(self, headers: list[str]) -> dict[str, int]:
        return {name: index for index, name in enumerate(headers) if name in self.header}
