"""What a recording, a report or a line on stderr may not hold: secrets, and phone numbers.

Secrets become ``"[redacted]"``, always:

- the values of ``Authorization``, ``Proxy-Authorization``, ``Cookie`` and ``Set-Cookie``;
- in form bodies and query strings, ``password``, ``client_secret``, ``refresh_token``,
  ``access_token`` and ``code`` (the token endpoint's grants);
- in JSON bodies, ``password``, ``client_secret``, ``access_token``, ``refresh_token`` and
  ``id_token`` (the token endpoint's answers);
- and then any other occurrence of a secret seen so far (a server that echoes a token back).

Phone numbers (7 to 15 digits, optionally with ``+``, spaces, dashes, dots or parentheses)
are replaced, unless told otherwise, by a substitute of the same format: each digit replaced
by one drawn from an HMAC of the number under a key made for the file, so that the same
number always gets the same mask within a file (flows still line up), the JSON type is kept
(a number stays a number without a leading zero, so the masked file validates as the
original did), and nothing outside the run can reverse it. Extensions (at most 6 digits)
are kept. Masked are: in JSON bodies, the values of the API's contact fields (``from``,
``to``, ``destination`` …) and numbers written in its messages; in query strings, every
value that is not a spec parameter typed as a number (times, page numbers); in paths, any
segment that is not one of the spec's path parameters (ids).
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
import secrets
from collections.abc import Callable, Collection, Iterator
from dataclasses import replace
from urllib.parse import quote, unquote_plus, urlsplit, urlunsplit

from ._constants import MAX_EXTENSION_DIGITS, MAX_PHONE_DIGITS, REDACTED
from ._exchange import Exchange, Headers

_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_SECRET_FORM_FIELDS = frozenset(
    {"password", "client_secret", "refresh_token", "access_token", "code"}
)
_SECRET_JSON_FIELDS = frozenset(
    {"password", "client_secret", "access_token", "refresh_token", "id_token"}
)
_PHONE_FIELDS = frozenset(
    {"from", "to", "destination", "caller_id", "phone", "phone_number", "number"}
)
_TEXT_FIELDS = frozenset({"message", "description", "detail", "error_description"})
# Shorter values are too common to scrub wherever they appear (a password "sandbox" in
# "sandbox@vbc.prod"); they are still redacted where they stand.
_MIN_ECHOED_SECRET = 8
# Secrets remembered to scrub their echoes: the most recent ones (a token lives a day).
_KNOWN_SECRETS = 1024
_MASKS_KEPT = 100_000
_FORMATTING = str.maketrans("", "", "+-(). ")
_PHONE_IN_TEXT = re.compile(
    rf"(?<![\w+])\+?\d{{{MAX_EXTENSION_DIGITS + 1},{MAX_PHONE_DIGITS}}}(?!\w)"
)
_FORM_SECRET = re.compile(rf"(^|&)({'|'.join(sorted(_SECRET_FORM_FIELDS))})=([^&]*)")
_BOUNDED = r"(?<![0-9A-Za-z])(?:%s)(?![0-9A-Za-z])"


def phone_digits(value: object) -> str | None:
    """The digits of ``value`` if it is written as a phone number (not an extension)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
        if not text or text[0] not in "+(0123456789" or "+" in text[1:]:
            return None
    else:
        return None
    digits = text.translate(_FORMATTING)
    phone = digits.isascii() and digits.isdigit()
    return digits if phone and MAX_EXTENSION_DIGITS < len(digits) <= MAX_PHONE_DIGITS else None


class Scrubber:
    """Redacts secrets and masks phone numbers (``mask_numbers``) in exchanges and text.

    ``id_segments(path)``: the positions of the path's segments that are the spec's path
    parameters (ids, never masked). ``numeric_query``: query parameters the spec types as
    numbers (never masked).
    """

    def __init__(
        self,
        *,
        mask_numbers: bool = True,
        id_segments: Callable[[str], Collection[int]] = lambda path: (),
        numeric_query: Collection[str] = (),
    ) -> None:
        self.mask_numbers = mask_numbers
        self._id_segments = id_segments
        self._numeric_query = frozenset(numeric_query)
        self._key = secrets.token_bytes(32)
        self._known: dict[str, None] = {}
        self._masks: dict[str, str] = {}

    # Secrets.

    def _remember(self, secret: str) -> None:
        if len(secret) >= _MIN_ECHOED_SECRET and secret != REDACTED:
            self._known[secret] = None
            if len(self._known) > _KNOWN_SECRETS:
                del self._known[next(iter(self._known))]

    def text(self, text: str) -> str:
        """``text`` without any secret seen so far."""
        for secret in self._known:
            if secret in text:
                text = text.replace(secret, REDACTED)
        return text

    def _headers(self, headers: Headers) -> Headers:
        scrubbed = []
        for name, value in headers:
            if name.lower() in _SECRET_HEADERS:
                self._remember_credentials(value)
                value = REDACTED
            scrubbed.append((name, value))
        return tuple(scrubbed)

    def _remember_credentials(self, value: str) -> None:
        scheme, _, credentials = value.strip().partition(" ")
        credentials = credentials.strip()
        self._remember(credentials or value.strip())
        if scheme.lower() == "basic":
            try:
                decoded = base64.b64decode(credentials, validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return
            self._remember(decoded.partition(":")[2])

    def _form(self, text: str) -> str:
        def redacted(match: re.Match[str]) -> str:
            self._remember(unquote_plus(match.group(3)))
            return f"{match.group(1)}{match.group(2)}={quote(REDACTED)}"

        return _FORM_SECRET.sub(redacted, text)

    # Phone numbers.

    def _masked_digits(self, digits: str) -> str:
        masked = self._masks.get(digits)
        if masked is None:
            stream = hmac.new(self._key, digits.encode("ascii"), "sha256").digest()
            chosen = [str(byte % 10) for byte in stream[: len(digits)]]
            if digits[0] != "0":
                chosen[0] = str(1 + stream[0] % 9)
            masked = "".join(chosen)
            if len(self._masks) >= _MASKS_KEPT:
                self._masks.clear()
            self._masks[digits] = masked
        return masked

    def mask(self, text: str) -> str:
        """``text`` (a phone number) with its digits masked, its format kept."""
        digits = iter(self._masked_digits("".join(c for c in text if c.isdigit())))
        return "".join(next(digits) if c.isdigit() else c for c in text)

    def _url(self, url: str) -> str:
        parts = urlsplit(url)
        query = self._form(parts.query)
        path = parts.path
        if self.mask_numbers:
            path = self._path(path)
            query = "&".join(self._query_pair(pair) for pair in query.split("&")) if query else ""
        return urlunsplit(parts._replace(path=path, query=query))

    def _path(self, path: str) -> str:
        ids = self._id_segments(path)
        segments = path.split("/")
        for index, segment in enumerate(segments):
            if index not in ids and phone_digits(unquote_plus(segment)) is not None:
                segments[index] = quote(self.mask(unquote_plus(segment)), safe="+")
        return "/".join(segments)

    def _query_pair(self, pair: str) -> str:
        name, equals, value = pair.partition("=")
        if unquote_plus(name) in self._numeric_query:
            return pair
        decoded = unquote_plus(value)
        if phone_digits(decoded) is None:
            return pair
        return f"{name}{equals}{quote(self.mask(decoded), safe='+')}"

    def _json_body(self, text: str) -> str:
        """Secrets and phone numbers of a JSON body replaced where they are written, so that
        the rest of the text stays byte for byte."""
        try:
            value = json.loads(text)
        except ValueError:
            return self.text(text)
        secrets_found: set[str] = set()
        numbers: set[str] = set()
        for key, leaf in _leaves(value):
            if key in _SECRET_JSON_FIELDS and isinstance(leaf, str):
                secrets_found.add(leaf)
            elif not self.mask_numbers:
                continue
            elif key in _PHONE_FIELDS and phone_digits(leaf) is not None:
                numbers.add(json.dumps(leaf)[1:-1] if isinstance(leaf, str) else str(leaf))
            elif key in _TEXT_FIELDS and isinstance(leaf, str):
                numbers.update(match.group() for match in _PHONE_IN_TEXT.finditer(leaf))
        for secret in secrets_found:
            self._remember(secret)
            text = text.replace(json.dumps(secret), json.dumps(REDACTED))
        text = self.text(text)
        if numbers:
            found = "|".join(re.escape(n) for n in sorted(numbers, key=len, reverse=True))
            text = re.sub(_BOUNDED % found, lambda m: self.mask(m.group()), text)
        return text

    def _body(self, text: str, content_type: str | None, base64_body: bool = False) -> str:
        if not text or base64_body:
            return text
        media = (content_type or "").partition(";")[0].strip().lower()
        if media == "application/x-www-form-urlencoded":
            return self.text(self._form(text))
        if media == "application/json" or media.endswith("+json"):
            return self._json_body(text)
        return self.text(text)

    def exchange(self, exchange: Exchange) -> Exchange:
        """``exchange`` as it may be written: secrets redacted, numbers masked."""
        request_headers = self._headers(exchange.request_headers)
        response_headers = self._headers(exchange.response_headers)
        request_body = self._body(exchange.request_body, exchange.request_header("content-type"))
        response_body = self._body(
            exchange.response_body,
            exchange.response_header("content-type"),
            exchange.response_base64,
        )
        url = self.text(self._url(exchange.url))
        return replace(
            exchange,
            url=url,
            request_headers=tuple((n, self.text(v)) for n, v in request_headers),
            request_body=self.text(request_body),
            response_headers=tuple((n, self.text(v)) for n, v in response_headers),
            response_body=self.text(response_body),
            comment=self.text(exchange.comment),
        )


def _leaves(value: object) -> Iterator[tuple[str | None, object]]:
    """Every scalar in ``value`` with the key it stands under (None in a top-level list)."""
    pending: list[tuple[str | None, object]] = [(None, value)]
    while pending:
        key, node = pending.pop()
        if isinstance(node, dict):
            pending.extend((str(k), v) for k, v in node.items())
        elif isinstance(node, list):
            pending.extend((key, item) for item in node)
        else:
            yield key, node
