"""Lists that scale: one helper for every long list a coordinator works through.

A view declares its filters, its sort keys and its CSV columns; `ListPage` reads them from the
query string (anything else is ignored), filters and sorts the queryset, counts each choice of
a filter over the rows the other filters leave (one GROUP BY a filter, however many rows), and
cuts a page of 50 or 100 rows whose pager keeps the filters. `csv_response()` writes every
filtered row (not just the page) through the formula-safe writer of `core.csvsafe`.

Who may see the list, and who may download it, is the view's decision (see docs/ui.md, "Lists
that scale"). Bottom layer: imports nothing from the project but `core`.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Combinable
from django.http import HttpRequest, QueryDict, StreamingHttpResponse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import csvsafe

PAGE_SIZES = (50, 100)
CSV_CHUNK = 500  # rows (and their prefetched relations) read per query while writing a CSV

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise as Label
else:
    Label = str
ALL = gettext_lazy("All")
OrderKey = str | Combinable


class Filter(ABC):
    """A declared filter: a name in the query string, a form field, a condition on rows."""

    def __init__(self, name: str, label: Label) -> None:
        self.name = name
        self.label = label

    @abstractmethod
    def field(
        self, counts: dict[str, int] | None, selected: str, options: list[tuple[str, str]]
    ) -> forms.Field:
        """The form field; `counts` of each choice (None: not counted), `options` the
        choices offered (from `options()`)."""

    def options(self, scope: QuerySet[Any]) -> list[tuple[str, str]]:
        return []

    @abstractmethod
    def apply(self, queryset: QuerySet[Any], value: Any) -> QuerySet[Any]:
        """The rows this filter keeps for `value`."""

    def counts(self, queryset: QuerySet[Any]) -> dict[str, int] | None:
        """How many rows each choice would show (None: not counted)."""
        return None


class Search(Filter):
    """Free text, any word of it in any of `fields` (case-insensitive)."""

    def __init__(self, name: str, label: Label, fields: Sequence[str]) -> None:
        super().__init__(name, label)
        self.fields = fields

    def field(
        self, counts: dict[str, int] | None, selected: str, options: list[tuple[str, str]]
    ) -> forms.Field:
        return forms.CharField(label=self.label, required=False, max_length=200)

    def apply(self, queryset: QuerySet[Any], value: Any) -> QuerySet[Any]:
        for word in str(value).split():
            condition = Q()
            for name in self.fields:
                condition |= Q(**{f"{name}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset


class Choice(Filter):
    """One value of `lookup` (a field, or a path across relations), with its count.

    `choices` gives (value, label) pairs; a callable gets the rows in the user's scope, so
    it can offer only the municipalities those rows have. A choice with no rows is left out
    (unless it is the one selected). With a `default`, there is no "all" choice: the list
    shows the default's rows until another choice is made."""

    def __init__(
        self,
        name: str,
        label: Label,
        lookup: str,
        choices: Iterable[tuple[Any, Any]] | Callable[[QuerySet[Any]], Iterable[tuple[Any, Any]]],
        *,
        any_label: Label = ALL,
        counted: bool = True,
        default: str = "",
    ) -> None:
        super().__init__(name, label)
        self.lookup = lookup
        self._choices = choices
        self.any_label = any_label
        self.counted = counted
        self.default = default

    def options(self, scope: QuerySet[Any]) -> list[tuple[str, str]]:
        choices = self._choices(scope) if callable(self._choices) else self._choices
        return [(str(value), str(label)) for value, label in choices]

    def field(
        self, counts: dict[str, int] | None, selected: str, options: list[tuple[str, str]]
    ) -> forms.Field:
        shown: list[tuple[str, str]] = [] if self.default else [("", str(self.any_label))]
        for value, label in options:
            if counts is None:
                shown.append((value, label))
            elif counts.get(value, 0) or value in (selected, self.default):
                n = number_format(counts.get(value, 0), force_grouping=True)
                shown.append((value, f"{label} ({n})"))
        return forms.ChoiceField(label=self.label, required=False, choices=shown)

    def apply(self, queryset: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return queryset.filter(**{self.lookup: value})

    def counts(self, queryset: QuerySet[Any]) -> dict[str, int] | None:
        if not self.counted:
            return None
        rows = (
            queryset.order_by()
            .values(self.lookup)
            .annotate(n=Count("pk", distinct=True))
            .values_list(self.lookup, "n")
        )
        return {str(value): n for value, n in rows if value is not None}


class Flag(Filter):
    """A check box: only the rows that meet `condition` (a Q, or a callable giving one)."""

    def __init__(
        self, name: str, label: Label, condition: Q | Callable[[], Q], *, counted: bool = True
    ) -> None:
        super().__init__(name, label)
        self.condition = condition
        self.counted = counted

    def q(self) -> Q:
        return self.condition() if callable(self.condition) else self.condition

    def field(
        self, counts: dict[str, int] | None, selected: str, options: list[tuple[str, str]]
    ) -> forms.Field:
        label = str(self.label)
        if counts is not None:
            label = f"{label} ({number_format(counts.get('on', 0), force_grouping=True)})"
        return forms.BooleanField(label=label, required=False)

    def apply(self, queryset: QuerySet[Any], value: Any) -> QuerySet[Any]:
        return queryset.filter(self.q()) if value else queryset

    def counts(self, queryset: QuerySet[Any]) -> dict[str, int] | None:
        return {"on": queryset.filter(self.q()).count()} if self.counted else None


@dataclass(frozen=True)
class Sort:
    """A whitelisted sort key: the label in the "Sort by" menu, and the order_by terms."""

    key: str
    label: Label
    order: Sequence[OrderKey]


@dataclass(frozen=True)
class Column:
    """A column of the CSV export: its header and how a row gives its value."""

    header: Label
    value: Callable[[Any], object]


def first(condition: Q) -> Case:
    """An order_by term that puts the rows meeting `condition` first (the user's own area).

    Give relations as `pk__in` subqueries: a join through a many-to-many would repeat rows."""
    return Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())


class ListPage:
    """The filtered, sorted list of `queryset` and the page of it the query string asks for."""

    def __init__(
        self,
        request: HttpRequest,
        queryset: QuerySet[Any],
        *,
        filters: Sequence[Filter] = (),
        sorts: Sequence[Sort],
        columns: Sequence[Column] = (),
        filename: str = "list",
        csv_url: str = "",
    ) -> None:
        self.request = request
        self.filters = list(filters)
        self.sorts = {s.key: s for s in sorts}
        self.columns = columns
        self.filename = filename
        self.scope = queryset
        self.options = {f.name: f.options(queryset) for f in self.filters}
        self.values = self._read(request.GET)
        filtered = queryset
        for f in self.filters:
            if self.values.get(f.name):
                filtered = f.apply(filtered, self.values[f.name])
        self.sort = self.values["sort"]
        self.queryset = filtered.order_by(*self.sorts[self.sort].order, "pk")
        self.per_page = int(self.values["per"])
        self.form = self._form()
        self.csv_url = f"{csv_url}?{urlencode(self.params())}" if csv_url else ""

    def _read(self, data: QueryDict) -> dict[str, Any]:
        """The filter, sort and page size values the query string holds, each checked."""
        fields: dict[str, forms.Field] = {
            f.name: f.field(None, "", self.options[f.name]) for f in self.filters
        }
        fields["sort"] = forms.ChoiceField(required=False, choices=self._sort_choices())
        fields["per"] = forms.TypedChoiceField(
            required=False, coerce=int, choices=[(n, n) for n in PAGE_SIZES]
        )
        # A copy: the form's metaclass takes the fields out of the dict it is given.
        form = type("ListReadForm", (forms.Form,), dict(fields))(data)
        form.is_valid()
        values = {name: form.cleaned_data.get(name) for name in fields if name in form.cleaned_data}
        for f in self.filters:
            if isinstance(f, Choice) and f.default and not values.get(f.name):
                values[f.name] = f.default
        values["sort"] = values.get("sort") or next(iter(self.sorts))
        values["per"] = values.get("per") or PAGE_SIZES[0]
        return values

    def _sort_choices(self) -> list[tuple[str, str]]:
        return [(s.key, str(s.label)) for s in self.sorts.values()]

    def _form(self) -> forms.Form:
        """The filter form as shown: each choice with its count over the other filters."""
        fields: dict[str, forms.Field] = {}
        for f in self.filters:
            others = self.scope
            for g in self.filters:
                if g is not f and self.values.get(g.name):
                    others = g.apply(others, self.values[g.name])
            selected = str(self.values.get(f.name) or "")
            fields[f.name] = f.field(f.counts(others), selected, self.options[f.name])
        fields["sort"] = forms.ChoiceField(
            label=_("Sort by"), required=False, choices=self._sort_choices()
        )
        fields["per"] = forms.ChoiceField(
            label=_("Rows per page"), required=False, choices=[(n, n) for n in PAGE_SIZES]
        )
        initial = {name: value for name, value in self.values.items() if value}
        form: forms.Form = type("ListForm", (forms.Form,), dict(fields))(initial=initial)
        return form

    def params(self, **extra: Any) -> list[tuple[str, str]]:
        """The query string of this list (filters, sort, page size), plus `extra`."""
        pairs: list[tuple[str, str]] = []
        for f in self.filters:
            value = self.values.get(f.name)
            if value and value != getattr(f, "default", ""):
                pairs.append((f.name, "on" if value is True else str(value)))
        default_sort = next(iter(self.sorts))
        if self.sort != default_sort:
            pairs.append(("sort", self.sort))
        if self.per_page != PAGE_SIZES[0]:
            pairs.append(("per", str(self.per_page)))
        pairs.extend((k, str(v)) for k, v in extra.items())
        return pairs

    # -- the page ----------------------------------------------------------------------------

    def page(self) -> Page[Any]:
        if not hasattr(self, "_page"):
            paginator = Paginator(self.queryset, self.per_page)
            self._page = paginator.get_page(self.request.GET.get("page"))
        return self._page

    def caption(self) -> str:
        page = self.page()
        total = page.paginator.count
        if not total:
            return _("No rows")
        return _("Rows %(first)s–%(last)s of %(total)s") % {
            "first": number_format(page.start_index(), force_grouping=True),
            "last": number_format(page.end_index(), force_grouping=True),
            "total": number_format(total, force_grouping=True),
        }

    def page_url(self, number: int) -> str:
        return "?" + urlencode(self.params(page=number))

    def context(self, **extra: Any) -> dict[str, Any]:
        """What the templates web/_list_controls.html and web/_list_pager.html read."""
        page = self.page()
        filtered = any(
            self.values.get(f.name) and self.values[f.name] != getattr(f, "default", "")
            for f in self.filters
        ) or self.sort != next(iter(self.sorts))
        listing = {
            "form": self.form,
            "page": page,
            "rows": page.object_list,
            "caption": self.caption(),
            "count": page.paginator.count,
            "prev_url": self.page_url(page.previous_page_number()) if page.has_previous() else "",
            "next_url": self.page_url(page.next_page_number()) if page.has_next() else "",
            "csv_url": self.csv_url,
            "filtered": filtered,
            "reset_url": self.request.path,
        }
        return {"listing": listing, **extra}

    # -- the CSV export ----------------------------------------------------------------------

    def csv_rows(self) -> Iterator[list[object]]:
        yield [str(c.header) for c in self.columns]
        for row in self.queryset.iterator(chunk_size=CSV_CHUNK):
            yield [c.value(row) for c in self.columns]

    def csv_response(self) -> StreamingHttpResponse:
        """Every filtered row in the list's order, UTF-8 with a BOM (spreadsheet apps read
        it then), formula cells neutralised; streamed, so a county's list needs no memory."""
        buffer = _Line()
        writer = csvsafe.writer(buffer, lineterminator="\r\n")

        def lines() -> Iterator[str]:
            yield "\ufeff"
            for row in self.csv_rows():
                writer.writerow([_cell(v) for v in row])
                yield buffer.take()

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="{self.filename}-{stamp}.csv"'
        return response


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in value)
    return value


class _Line:
    """A file for csv.writer that hands each written line on."""

    def __init__(self) -> None:
        self._parts: list[str] = []

    def write(self, text: str) -> int:
        self._parts.append(text)
        return len(text)

    def take(self) -> str:
        text = "".join(self._parts)
        self._parts.clear()
        return text
