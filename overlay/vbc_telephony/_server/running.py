"""What every local server we ship offers: ``start``, ``stop``, and ``with`` that always stops."""

from __future__ import annotations

import abc
from types import TracebackType
from typing import Self


class Running(abc.ABC):
    """A server that ``start`` starts and ``stop`` stops; as a context manager, always stopped."""

    @abc.abstractmethod
    def start(self) -> Self:
        """Start serving; return once the server answers."""

    @abc.abstractmethod
    def stop(self) -> None:
        """Stop serving and release everything started. Safe to call more than once."""

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
