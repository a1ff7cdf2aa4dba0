"""PTV OUT API v11 client behind an interface (standards.md §2.2)."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any, Protocol

import requests

BATCH = 100  # guids per `list?guids=` call


class PtvError(Exception):
    """A PTV response that cannot be used; the message says which call and why."""


class PtvReader(Protocol):
    """What the directory needs from PTV; V11Client implements it, a V12Client can too."""

    def organization_by_business_id(self, business_id: str) -> dict[str, Any] | None: ...

    def organizations(self, guids: list[str]) -> list[dict[str, Any]]: ...

    def services_of(self, organization_id: str) -> list[dict[str, Any]]: ...

    def service_locations_of(self, organization_id: str) -> list[dict[str, Any]]: ...

    def service_locations_in(self, municipality_code: str) -> list[dict[str, Any]]: ...

    def changed_channel_ids(self, since: datetime) -> list[str]: ...

    def changed_service_ids(self, since: datetime) -> list[str]: ...

    def channels(self, guids: list[str]) -> list[dict[str, Any]]: ...

    def services(self, guids: list[str]) -> list[dict[str, Any]]: ...


class V11Client:
    def __init__(self, base_url: str, *, timeout: float = 30.0, session: Any = None) -> None:
        self.base = base_url.rstrip("/") + "/"
        self.timeout = timeout
        self.session = session or requests.Session()

    # --- transport ------------------------------------------------------------------------
    def _get(self, path: str, params: dict[str, Any] | None = None, label: str = "") -> Any:
        url = self.base + path
        label = label or path
        try:
            response = self.session.get(url, params=params, timeout=self.timeout)
        except requests.RequestException as exc:
            raise PtvError(f"PTV {label}: no answer ({exc.__class__.__name__})") from exc
        if response.status_code == 404:
            return None
        if response.status_code != 200:
            raise PtvError(f"PTV {label}: HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as exc:
            raise PtvError(f"PTV {label}: the answer is not JSON") from exc

    def _pages(self, path: str, params: dict[str, Any] | None = None) -> Iterator[Any]:
        """Every item of a paged list call: {pageNumber, pageSize, pageCount, itemList}."""
        number = 1
        while True:
            page = self._get(path, {**(params or {}), "page": number}, f"{path} page {number}")
            if page is None:
                return
            if not isinstance(page, dict) or not isinstance(page.get("itemList"), list):
                raise PtvError(f"PTV {path} page {number}: not a page (no itemList)")
            yield from page["itemList"]
            count = page.get("pageCount")
            if not isinstance(count, int):
                raise PtvError(f"PTV {path} page {number}: no pageCount")
            if number >= count:
                return
            number += 1

    def _batch(self, kind: str, guids: list[str]) -> list[dict[str, Any]]:
        """Full objects, `BATCH` at a time through `{kind}/list?guids=`."""
        found: list[dict[str, Any]] = []
        for i in range(0, len(guids), BATCH):
            chunk = guids[i : i + BATCH]
            items = self._get(f"{kind}/list", {"guids": ",".join(chunk)}) or []
            if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
                raise PtvError(f"PTV {kind}/list: not a list of objects")
            for item in items:
                if not isinstance(item.get("id"), str):
                    raise PtvError(f"PTV {kind}/list: an item without an id")
            found.extend(items)
        return found

    @staticmethod
    def _ids(items: Iterator[Any], path: str) -> list[str]:
        ids = []
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("id"), str):
                raise PtvError(f"PTV {path}: a list item without an id")
            ids.append(item["id"])
        return ids

    # --- PtvReader ------------------------------------------------------------------------
    def organization_by_business_id(self, business_id: str) -> dict[str, Any] | None:
        found = self._get(f"Organization/businesscode/{business_id}")
        if isinstance(found, list):  # PTV answers a list: one code, several organisations
            found = found[0] if found else None
        if found is not None and not isinstance(found, dict):
            raise PtvError("PTV Organization/businesscode: not an organisation")
        if found and "organizationNames" not in found:
            full = self.organizations([found["id"]])
            return full[0] if full else None
        return found

    def organizations(self, guids: list[str]) -> list[dict[str, Any]]:
        return self._batch("Organization", guids)

    def services_of(self, organization_id: str) -> list[dict[str, Any]]:
        path = "Service/list/organization"
        ids = self._ids(self._pages(path, {"organizationId": organization_id}), path)
        return self.services(ids)

    def service_locations_of(self, organization_id: str) -> list[dict[str, Any]]:
        path = f"ServiceChannel/organization/{organization_id}/type/ServiceLocation"
        return self.channels(self._ids(self._pages(path), path))

    def service_locations_in(self, municipality_code: str) -> list[dict[str, Any]]:
        """Every service location in a municipality (of any organisation)."""
        path = f"ServiceChannel/area/Municipality/code/{municipality_code}"
        ids = self._ids(self._pages(path), path)
        return [c for c in self.channels(ids) if c.get("serviceChannelType") == "ServiceLocation"]

    def changed_channel_ids(self, since: datetime) -> list[str]:
        params = {"date": since.strftime("%Y-%m-%dT%H:%M:%S")}
        return self._ids(self._pages("ServiceChannel", params), "ServiceChannel")

    def changed_service_ids(self, since: datetime) -> list[str]:
        params = {"date": since.strftime("%Y-%m-%dT%H:%M:%S")}
        return self._ids(self._pages("Service", params), "Service")

    def channels(self, guids: list[str]) -> list[dict[str, Any]]:
        return self._batch("ServiceChannel", guids)

    def services(self, guids: list[str]) -> list[dict[str, Any]]:
        return self._batch("Service", guids)
