"""The account's devices: a seeded, fixed set of phones with their registration times.

Each device's MAC address, IP address and how long ago it last registered and was
provisioned come from the seed; the times are those offsets back from when the set was
made (at start and on reset).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .refusals import NotFound

# Registrations renew within the hour; provisioning happened within the last day.
_REGISTRATION_AGE = 3600
_PROVISIONING_AGE = 86400


@dataclass(frozen=True)
class Device:
    mac_address: str
    device_ip: str
    last_request: int
    last_success: int
    provisioned_request: int
    provisioned_success: int


def _device(source: random.Random, now: int) -> Device:
    mac = "-".join(f"{source.randrange(256):02X}" for _ in range(6))
    # 198.51.100.0/24 is reserved for documentation (RFC 5737): no one's real address.
    ip = f"198.51.100.{source.randrange(1, 255)}"
    last_request = now - source.randrange(_REGISTRATION_AGE)
    provisioned = now - source.randrange(_REGISTRATION_AGE, _PROVISIONING_AGE)
    return Device(mac, ip, last_request, last_request, provisioned, provisioned)


class Devices:
    """``count`` devices drawn from ``source`` at ``now``."""

    def __init__(self, source: random.Random, count: int, now: int) -> None:
        self._devices: dict[str, Device] = {}
        while len(self._devices) < count:
            device = _device(source, now)
            self._devices.setdefault(device.mac_address, device)

    def all(self) -> list[Device]:
        return list(self._devices.values())

    def get(self, mac_address: str) -> Device:
        device = self._devices.get(mac_address.upper())
        if device is None:
            raise NotFound(f"No device {mac_address!r}")
        return device
