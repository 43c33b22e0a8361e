"""Password hashing (argon2) and signed, expiring bearer tokens."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime, timedelta
from functools import lru_cache

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane): about 50 ms of one
# core here. One lane and one hash at a time, so a burst of sign-ups and logins never takes the
# CPU that reads need. Hashes made with other settings (the library's 64 MiB × 3 × 4 lanes
# before) still verify: their parameters are stored in them.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
_one_at_a_time = threading.Semaphore(1)


def hash_password(password: str) -> str:
    with _one_at_a_time:
        return _hasher.hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    # made on first use with the same parameters as real hashes, so checking it costs the same
    return hash_password("no account has this password")


def verify_password(password_hash: str, password: str) -> bool:
    try:
        with _one_at_a_time:
            return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def verify_against_nobody(password: str) -> bool:
    """Spend the time a real check takes, for a login naming no account (always False)."""
    verify_password(_dummy_hash(), password)
    return False


def issue_token(*, user_id: int, secret: str, minutes: int) -> str:
    now = datetime.now(UTC)
    payload = {"sub": str(user_id), "iat": now, "exp": now + timedelta(minutes=minutes)}
    return jwt.encode(payload, secret, algorithm="HS256")


# ids are 32-bit integers on every database we run on; a larger subject cannot name a user
MAX_USER_ID = 2**31 - 1
_SUBJECT = re.compile(r"[1-9][0-9]{0,9}")


def read_token(token: str, secret: str) -> int | None:
    """The user id a valid token names, or None. Only a canonical decimal id in range counts,
    even when the signature is good: the subject still goes to the database."""
    try:
        payload = jwt.decode(token, secret, algorithms=["HS256"], options={"require": ["exp"]})
    except jwt.PyJWTError:
        return None
    subject = payload.get("sub") if isinstance(payload, dict) else None
    if not isinstance(subject, str) or not _SUBJECT.fullmatch(subject):
        return None
    user_id = int(subject)
    return user_id if user_id <= MAX_USER_ID else None
