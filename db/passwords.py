"""Password and PIN hashing with the standard library's scrypt.

The cost is N = 2^17, r = 8, p = 1 (OWASP's minimum for scrypt): about 128 MiB and a few
hundred milliseconds per hash, so ``maxmem`` is raised above OpenSSL's 32 MiB default.
Hashes are self-describing (``scrypt$N$r$p$salt$key``); one made with a lower cost still
verifies, and :func:`needs_rehash` tells the caller to store a new one (at the next
successful sign-in).

Test hook: the environment variable ``ANTRIAN_SCRYPT_N`` (a power of two, at least 2)
lowers the cost of new hashes; the test suite sets it so hashing stays fast. It is read
at every call, so a test can change it with ``monkeypatch.setenv``. Never set it at a site.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os

DEFAULT_N = 2**17
_R, _P = 8, 1
# A stored hash asking for more than this is refused, not computed (2^18: 256 MiB).
MAX_N = 2**18
COST_ENV = "ANTRIAN_SCRYPT_N"


def cost() -> int:
    """The scrypt N for new hashes: :data:`DEFAULT_N`, or ``$ANTRIAN_SCRYPT_N`` (tests)."""
    raw = os.environ.get(COST_ENV, "").strip()
    if not raw:
        return DEFAULT_N
    n = int(raw)
    if n < 2 or n & (n - 1) or n > MAX_N:
        raise ValueError(f"{COST_ENV} must be a power of two between 2 and {MAX_N}")
    return n


def _maxmem(n: int, r: int, p: int) -> int:
    """The memory scrypt needs for these parameters (OpenSSL refuses anything above ``maxmem``)."""
    return 128 * r * (n + p + 2) + 1024 * 1024


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=_maxmem(n, r, p))


def hash_password(password: str) -> str:
    """Return a self-describing scrypt hash: ``scrypt$N$r$p$salt$key`` (base64)."""
    n = cost()
    salt = os.urandom(16)
    key = _scrypt(password, salt, n, _R, _P, 32)
    def b64(b):
        return base64.b64encode(b).decode()
    return f"scrypt${n}${_R}${_P}${b64(salt)}${b64(key)}"


def is_hash(value: str) -> bool:
    """Whether ``value`` looks like a hash from :func:`hash_password` (not a plain secret)."""
    parts = value.split("$")
    return len(parts) == 6 and parts[0] == "scrypt" and all(p.isdigit() for p in parts[1:4])


def verify_password(password: str, stored: str) -> bool:
    """Check ``password`` against a hash from :func:`hash_password`; False for anything malformed."""
    try:
        scheme, n, r, p, salt, key = stored.split("$")
        if scheme != "scrypt" or _maxmem(int(n), int(r), int(p)) > _maxmem(MAX_N, _R, _P) or int(p) > 4:
            return False  # not ours, or a cost no check of ours would ever take
        expected = base64.b64decode(key)
        got = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p), len(expected))
    except (ValueError, TypeError, MemoryError):
        return False
    return hmac.compare_digest(got, expected)


def needs_rehash(stored: str) -> bool:
    """Whether ``stored`` was made with a lower cost than new hashes get (upgrade it)."""
    try:
        scheme, n, r, p, _salt, _key = stored.split("$")
        return scheme != "scrypt" or not cost() <= int(n) <= MAX_N or not _R <= int(r) <= 2 * _R or not _P <= int(p) <= 4
    except ValueError:
        return True


# _dummy_hash(DEFAULT_N), computed once here: the first unknown username a process sees
# must not cost twice a wrong password (building it) and so stand out.
_DUMMY_DEFAULT = "scrypt$131072$8$1$YW50cmlhbi1uby11c2VyIQ==$hfWMY8uhgjdbcQQH658maTo9KTERCT1b+xLF1htyIls="


@functools.lru_cache(maxsize=4)
def _dummy_hash(n: int) -> str:
    salt = b"antrian-no-user!"
    key = _scrypt("no such officer", salt, n, _R, _P, 32)
    return f"scrypt${n}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(key).decode()}"


def dummy_hash() -> str:
    """A hash of nobody's password at the current cost: checking an unknown username
    against it costs what a wrong password costs, so the time taken does not tell
    which usernames exist."""
    n = cost()
    return _DUMMY_DEFAULT if n == DEFAULT_N else _dummy_hash(n)
