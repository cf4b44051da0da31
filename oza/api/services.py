"""Making and revoking API tokens; the only code that writes ApiToken."""

import hashlib
import hmac
import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiToken

TOKEN_START = "oza_"


def hash_token(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


def split_token(plain: str) -> str | None:
    """The lookup prefix of ``oza_<prefix>_<secret>``, or None when it is not shaped so."""
    if not plain.startswith(TOKEN_START):
        return None
    prefix, sep, secret = plain[len(TOKEN_START) :].partition("_")
    if not (sep and prefix and secret):
        return None
    return prefix


@transaction.atomic
def api_token_create(
    *, by, name: str, organisation, service_user, scopes: list[str]
) -> tuple[ApiToken, str]:
    """A new token; returns it with the plain key, which is not stored and cannot be shown
    again."""
    prefix = secrets.token_hex(4)
    plain = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken(
        name=name,
        organisation=organisation,
        service_user=service_user,
        scopes=sorted(set(scopes)),
        prefix=prefix,
        token_hash=hash_token(plain),
        created_by=by,
    )
    token.full_clean()
    token.save()
    return token, plain


def api_token_revoke(*, by, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now(), revoked_by=by
        )
        token.refresh_from_db()
    return token


def api_token_lookup(plain: str) -> ApiToken | None:
    """The token with this plain key, revoked or not; None when unknown."""
    prefix = split_token(plain)
    if prefix is None:
        return None
    # The prefix is unique: no ordering to build (every API request makes this query).
    found = ApiToken.objects.select_related("service_user", "organisation").filter(prefix=prefix)
    token = next(iter(found.order_by()[:1]), None)
    if token is None or not hmac.compare_digest(token.token_hash, hash_token(plain)):
        return None
    return token


def api_token_used(token: ApiToken) -> None:
    """Record use, at most once a minute per token so every request does not write."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
