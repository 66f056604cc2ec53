"""Hand-kept API facts the SDK does not carry, read from `schemas/overlay.json`.

Hosts, real OAuth scope names and the scope rule, permissions of the participant operations,
removed endpoints and the words forum posts use for real path segments. Each overlay entry
names its source; this module only answers questions about them.
"""

from __future__ import annotations

import json
from functools import cache, cached_property
from typing import Any, NamedTuple

from attrlint.lazyre import lazy_re
from attrlint.resources import data_dir

UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_UUID = lazy_re(UUID_PATTERN)


def is_uuid(value: str) -> bool:
    """True for a canonical 8-4-4-4-12 hexadecimal UUID."""
    return _UUID.fullmatch(value) is not None


class Permissions(NamedTuple):
    """What the SDK docs say an operation requires: mode `any`, `all` or `none`."""

    mode: str
    names: tuple[str, ...]


class RemovedOperation(NamedTuple):
    """An operation older SDKs had and the pinned SDK no longer does.

    `deprecated_in` and `absent_from` name SDK releases ("SDK 257.1.0"); `retirement` is what
    the deprecation notice retires; `replacement` the path to use instead, when there is one.
    """

    method: str
    path: str
    deprecated_in: str
    absent_from: str
    retirement: str
    notice: str
    replacement: str | None


class Knowledge:
    """Read-only view of the overlay file."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    @classmethod
    @cache
    def load(cls) -> Knowledge:
        """The overlay shipped with this install (read once)."""
        with open(data_dir("schemas") / "overlay.json", encoding="utf-8") as handle:
            return cls(json.load(handle))

    @cached_property
    def domains(self) -> dict[str, str]:
        """Genesys Cloud domain -> region name (18 entries)."""
        return {d["domain"]: d["region"] for d in self._data["hosts"]["domains"]}

    @cached_property
    def lookalike_hosts(self) -> tuple[str, ...]:
        """Host names seen in untrusted posts that are in no official list."""
        return tuple(self._data["hosts"]["lookalikes"]["hosts"])

    def genesys_domain_of(self, host: str) -> str | None:
        """The Genesys domain a host belongs to (`x.mypurecloud.de` -> `mypurecloud.de`)."""
        domains = self.domains
        rest = host
        while rest:
            if rest in domains:  # the longest suffix is tried first
                return rest
            rest = rest.partition(".")[2]
        return None

    @cached_property
    def scope_names(self) -> frozenset[str]:
        """The 124 real OAuth scope names."""
        return frozenset(self._data["scopes"]["names"])

    def required_scopes(self, method: str, path_template: str) -> tuple[str, ...]:
        """Scopes the scope rule gives an operation: any one of them is enough."""
        rule = self._data["scope_rule"]
        base: str | None = None
        for prefix, scope in rule["prefix_scopes"].items():
            if path_template.startswith(prefix):
                base = scope
        if base is None:
            parts = path_template.split("/")
            segment = parts[3] if len(parts) > 3 else ""
            base = rule["segment_scopes"].get(segment, segment)
        if method.upper() in rule["read_methods"] and base + ":readonly" in self.scope_names:
            return (base, base + ":readonly")
        return (base,)

    def permissions(self, method: str, path_template: str) -> Permissions | None:
        """Documented permissions of an operation, where the overlay has them."""
        entry = self._data["permissions"]["operations"].get(f"{method.upper()} {path_template}")
        if entry is None:
            return None
        return Permissions(entry["mode"], tuple(entry["permissions"]))

    def user_context_only(self, method: str, path_template: str) -> bool:
        """True when the 2018 spec declares `not.a.user` for client-credentials tokens."""
        return f"{method.upper()} {path_template}" in self._data["user_context_only"]["operations"]

    @cached_property
    def removed(self) -> tuple[RemovedOperation, ...]:
        """Operations removed from the pinned SDK (the chats family, journey action targets)."""
        return tuple(
            RemovedOperation(
                method=e["method"],
                path=e["path"],
                deprecated_in=e["deprecated_in"],
                absent_from=e["absent_from"],
                retirement=e["retirement"],
                notice=e["notice"],
                replacement=e["replacement"],
            )
            for e in self._data["removed"]["operations"]
        )

    @cached_property
    def no_attributes_media(self) -> frozenset[str]:
        """Media segments that have no participant attributes endpoint."""
        return frozenset(self._data["no_attributes_media"]["media"])

    @cached_property
    def synonyms(self) -> dict[str, str]:
        """Words used for real path segments (`voice` -> `calls`)."""
        return dict(self._data["path_synonyms"]["words"])

    @cached_property
    def uuid_params(self) -> frozenset[str]:
        """Path parameter names whose values are UUIDs."""
        return frozenset(self._data["uuid_params"]["names"])

    @cached_property
    def roles_grants(self) -> frozenset[str]:
        """Grant types for which roles, not scopes, decide (client credentials)."""
        return frozenset(self._data["grants"]["roles"])
