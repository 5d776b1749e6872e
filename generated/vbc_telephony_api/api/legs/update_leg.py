from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.attended_transfer import AttendedTransfer
from ...models.blind_transfer import BlindTransfer
from ...models.error import Error
from ...models.hold_leg import HoldLeg
from ...models.leg_updated import LegUpdated
from ...models.play_audio import PlayAudio
from ...models.recording import Recording
from ...models.send_dtmf import SendDtmf
from ...models.stop_audio import StopAudio
from ...models.unhold_leg import UnholdLeg
from ...types import Response


def _get_kwargs(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    body: AttendedTransfer
    | BlindTransfer
    | HoldLeg
    | PlayAudio
    | Recording
    | SendDtmf
    | StopAudio
    | UnholdLeg,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/cc/accounts/{account_id}/calls/{call_id}/legs/{leg_id}".format(
            account_id=quote(str(account_id), safe=""),
            call_id=quote(str(call_id), safe=""),
            leg_id=quote(str(leg_id), safe=""),
        ),
    }

    if (
        isinstance(body, HoldLeg)
        or isinstance(body, UnholdLeg)
        or isinstance(body, SendDtmf)
        or isinstance(body, PlayAudio)
        or isinstance(body, StopAudio)
        or isinstance(body, BlindTransfer)
        or isinstance(body, AttendedTransfer)
    ):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | LegUpdated | None:
    if response.status_code == 200:
        response_200 = LegUpdated.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | LegUpdated]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AttendedTransfer
    | BlindTransfer
    | HoldLeg
    | PlayAudio
    | Recording
    | SendDtmf
    | StopAudio
    | UnholdLeg,
) -> Response[Error | LegUpdated]:
    """Act on a leg

     Exactly one action per request: hold, unhold, send DTMF, play or stop audio, blind or attended
    transfer, start or stop recording.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.
        leg_id (str):  Example: 0d0a16ab-a508-4d58-bf24-5dc3cb248f3e.
        body (AttendedTransfer | BlindTransfer | HoldLeg | PlayAudio | Recording | SendDtmf |
            StopAudio | UnholdLeg): Exactly one leg action.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LegUpdated]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        call_id=call_id,
        leg_id=leg_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AttendedTransfer
    | BlindTransfer
    | HoldLeg
    | PlayAudio
    | Recording
    | SendDtmf
    | StopAudio
    | UnholdLeg,
) -> Error | LegUpdated | None:
    """Act on a leg

     Exactly one action per request: hold, unhold, send DTMF, play or stop audio, blind or attended
    transfer, start or stop recording.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.
        leg_id (str):  Example: 0d0a16ab-a508-4d58-bf24-5dc3cb248f3e.
        body (AttendedTransfer | BlindTransfer | HoldLeg | PlayAudio | Recording | SendDtmf |
            StopAudio | UnholdLeg): Exactly one leg action.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LegUpdated
    """

    return sync_detailed(
        account_id=account_id,
        call_id=call_id,
        leg_id=leg_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AttendedTransfer
    | BlindTransfer
    | HoldLeg
    | PlayAudio
    | Recording
    | SendDtmf
    | StopAudio
    | UnholdLeg,
) -> Response[Error | LegUpdated]:
    """Act on a leg

     Exactly one action per request: hold, unhold, send DTMF, play or stop audio, blind or attended
    transfer, start or stop recording.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.
        leg_id (str):  Example: 0d0a16ab-a508-4d58-bf24-5dc3cb248f3e.
        body (AttendedTransfer | BlindTransfer | HoldLeg | PlayAudio | Recording | SendDtmf |
            StopAudio | UnholdLeg): Exactly one leg action.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LegUpdated]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        call_id=call_id,
        leg_id=leg_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AttendedTransfer
    | BlindTransfer
    | HoldLeg
    | PlayAudio
    | Recording
    | SendDtmf
    | StopAudio
    | UnholdLeg,
) -> Error | LegUpdated | None:
    """Act on a leg

     Exactly one action per request: hold, unhold, send DTMF, play or stop audio, blind or attended
    transfer, start or stop recording.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.
        leg_id (str):  Example: 0d0a16ab-a508-4d58-bf24-5dc3cb248f3e.
        body (AttendedTransfer | BlindTransfer | HoldLeg | PlayAudio | Recording | SendDtmf |
            StopAudio | UnholdLeg): Exactly one leg action.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LegUpdated
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            call_id=call_id,
            leg_id=leg_id,
            client=client,
            body=body,
        )
    ).parsed
