"""OAuth checks: invented scope names, scopes the operation needs, and what a client-credentials
token is judged by instead (roles and permissions; 403, not 400)."""

from __future__ import annotations

from collections.abc import Iterator

from attrlint.checks import Context, Problem, check
from attrlint.knowledge import Knowledge
from attrlint.rules import Rule
from attrlint.unknown import has_unknown

_READ_WORDS = frozenset({"readonly", "read", "view", "get", "list"})


def roles_decide(ctx: Context) -> bool:
    """True when the token's grant is one where roles, not scopes, decide (client credentials);
    `client_credentials` and `CLIENT-CREDENTIALS` are the same grant."""
    grant = ctx.options.grant
    return grant is not None and grant.strip().lower().replace("_", "-") in ctx.knowledge.roles_grants


def suggest_scope(name: str, knowledge: Knowledge) -> str | None:
    """The real scope an invented name most likely means (None when nothing is close)."""
    parts = [p for p in name.strip().lower().split(":") if p]
    if not parts:
        return None
    base = knowledge.synonyms.get(parts[0], parts[0])
    bases = {s.partition(":")[0] for s in knowledge.scope_names}
    if base not in bases and base + "s" in bases:
        base += "s"
    if base not in bases:
        import difflib

        close = difflib.get_close_matches(base, sorted(bases), n=1, cutoff=0.75)
        if not close:
            return None
        base = close[0]
    wanted = f"{base}:readonly" if _READ_WORDS & set(parts[1:]) else base
    return wanted if wanted in knowledge.scope_names else base if base in knowledge.scope_names else None


def scope_problem(name: str, knowledge: Knowledge) -> tuple[str, str] | None:
    """(message, fix) when `name` is not a real scope, else None."""
    if name in knowledge.scope_names:
        return None
    suggestion = suggest_scope(name, knowledge)
    if name.count(":") >= 2:
        message = f"'{name}' is shaped like a permission (domain:entity:action), not an OAuth scope"
    else:
        message = f"'{name}' is not an OAuth scope of the Platform API"
    fix = (
        f"Ask for '{suggestion}' (scopes are plural domain names with at most a ':readonly' suffix)"
        if suggestion
        else "Use one of the 124 real scope names (e.g. 'conversations', 'conversations:readonly')"
    )
    return message, fix


@check("invented_scope")
def invented_scope(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """Scope names in a token request's `scope` field that do not exist."""
    if not ctx.is_token_request:
        return
    for key, value in ctx.request.form:
        if key != "scope":
            continue
        for name in value.split():
            if has_unknown(name):
                continue  # filled in at send time
            found = scope_problem(name, ctx.knowledge)
            if found:
                yield Problem(message=found[0], fix=found[1], anchor="body")


@check("missing_scope")
def missing_scope(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """The token's declared scopes lack the one the operation needs (user-context grants)."""
    operation = ctx.operation
    scopes = ctx.options.scopes
    if operation is None or scopes is None or roles_decide(ctx):
        return
    needed = ctx.knowledge.required_scopes(operation.method, operation.path)
    if set(needed) & set(scopes):
        return
    given = ", ".join(scopes) or "none"
    yield Problem(
        message=(
            f"{operation.method} {operation.path} needs the scope {' or '.join(repr(s) for s in needed)}; "
            f"the token has {given}"
        ),
        fix=f"Add '{needed[0]}' to the OAuth client's scopes and request a new token (scopes apply when the org enforces them).",
        anchor="url",
    )


@check("client_credentials_permissions")
def client_credentials_permissions(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """With a client-credentials token, roles decide: name the permissions the operation needs."""
    operation = ctx.operation
    if operation is None or not roles_decide(ctx):
        return
    permissions = ctx.knowledge.permissions(operation.method, operation.path)
    if permissions is None:
        needs = "attrlint has no record of this operation's permissions"
    elif permissions.mode == "none":
        needs = "the SDK docs say it requires no permissions"
    else:
        needs = f"it requires {permissions.mode.upper()} of: {', '.join(permissions.names)}"
    yield Problem(
        message=f"client-credentials token: scopes do not apply to {operation.method} {operation.path}; the client's roles decide, and {needs}",
        fix="Grant the permission(s) through a role assigned to the OAuth client (in the right division); a missing permission answers 403, not 400.",
        anchor="url",
    )


@check("user_context_only")
def user_context_only(ctx: Context, rule: Rule) -> Iterator[Problem]:
    """An operation that refuses client-credentials tokens with 400 `not.a.user`."""
    operation = ctx.operation
    if operation is None or not roles_decide(ctx):
        return
    if not ctx.knowledge.user_context_only(operation.method, operation.path):
        return
    yield Problem(
        message=f"{operation.method} {operation.path} declares 400 not.a.user for client-credentials tokens ('This request requires a user context')",
        fix="Call it with a user token (authorization-code, PKCE or SAML2-bearer grant); the attributes endpoints (.../attributes) do not declare not.a.user.",
        anchor="url",
    )
