"""Credentials and the one-login-at-a-time rule shared by every call of a client."""

from __future__ import annotations

import copy
import typing as t

from .errors import AuthenticationError, ConfigurationError, MetabaseError

SESSION_PATH = "/api/session"


class Credentials:
    """How the client authenticates. Never shows a secret in `repr`.

    `generation` counts sessions: a call that got a 401 with generation N logs in again only
    if no other call did meanwhile, so a burst of 401s makes one login, not one each."""

    def __init__(
        self,
        api_key: str | None = None,
        session_token: str | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        if (username is None) != (password is None):
            raise ConfigurationError("username and password go together")
        if sum(x is not None for x in (api_key, session_token, username)) > 1:
            raise ConfigurationError(
                "give one of api_key, session_token or username/password"
            )
        self._api_key = api_key
        self._username = username
        self._password = password
        self._session = session_token
        self.generation: int = 0
        self.attempts: int = 0  # logins finished, well or not
        self._failure: MetabaseError | None = None

    @property
    def kind(self) -> str:
        if self._api_key is not None:
            return "api_key"
        if self._username is not None:
            return "login"
        return "session_token" if self._session is not None else "none"

    def __repr__(self) -> str:
        return f"Credentials({self.kind})"

    @property
    def needs_login(self) -> bool:
        return self._username is not None and self._session is None

    @property
    def can_login(self) -> bool:
        return self._username is not None

    def login_body(self) -> dict[str, str | None]:
        return {"username": self._username, "password": self._password}

    def take_session(self, answer: t.Any) -> None:
        token = answer.get("id") if isinstance(answer, dict) else None
        if not isinstance(token, str) or not token:
            raise AuthenticationError(
                200, "login answered without a session id", "POST", SESSION_PATH
            )
        self._session = token
        self.generation += 1
        self.attempts += 1
        self._failure = None

    def forget_session(self, generation: int) -> bool:
        """Drop the session that a call of `generation` saw refused; False when another call
        already replaced it."""
        if generation != self.generation or self._username is None:
            return False
        self._session = None
        return True

    def begin_login(self) -> None:
        self._failure = None

    def login_failed(self, error: MetabaseError) -> None:
        self._failure = error
        self.attempts += 1

    def raise_earlier_failure(self, attempts_seen: int) -> None:
        """A call that waited while another's login failed gets that failure, without a login
        attempt of its own (a wrong password costs one attempt, not one per waiting call).
        """
        if (
            self._failure is not None
            and self.attempts != attempts_seen
            and self.needs_login
        ):
            raise copy.copy(self._failure).with_traceback(None)

    def headers(self) -> dict[str, str]:
        if self._api_key is not None:
            return {"x-api-key": self._api_key}
        if self._session is not None:
            return {"X-Metabase-Session": self._session}
        return {}
