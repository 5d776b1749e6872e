from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.answer_call import AnswerCall
from ...models.call_updated import CallUpdated
from ...models.error import Error
from ...models.park_call import ParkCall
from ...models.transfer_call import TransferCall
from ...types import Response


def _get_kwargs(
    account_id: str,
    call_id: str,
    *,
    body: AnswerCall | ParkCall | TransferCall,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/cc/accounts/{account_id}/calls/{call_id}".format(
            account_id=quote(str(account_id), safe=""),
            call_id=quote(str(call_id), safe=""),
        ),
    }

    if isinstance(body, AnswerCall) or isinstance(body, TransferCall):
        _kwargs["json"] = body.to_dict()
    else:
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> CallUpdated | Error | None:
    if response.status_code == 200:
        response_200 = CallUpdated.from_dict(response.json())

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

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[CallUpdated | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AnswerCall | ParkCall | TransferCall,
) -> Response[CallUpdated | Error]:
    """Answer, transfer or park a call

     Answer: `state` `active` and `to` (the device that answers). Transfer: no `state`, both `from` and
    `to`. Park: `state` `parked` and `from`.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.
        body (AnswerCall | ParkCall | TransferCall): Exactly one of answer, transfer or park.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallUpdated | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        call_id=call_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AnswerCall | ParkCall | TransferCall,
) -> CallUpdated | Error | None:
    """Answer, transfer or park a call

     Answer: `state` `active` and `to` (the device that answers). Transfer: no `state`, both `from` and
    `to`. Park: `state` `parked` and `from`.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.
        body (AnswerCall | ParkCall | TransferCall): Exactly one of answer, transfer or park.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallUpdated | Error
    """

    return sync_detailed(
        account_id=account_id,
        call_id=call_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AnswerCall | ParkCall | TransferCall,
) -> Response[CallUpdated | Error]:
    """Answer, transfer or park a call

     Answer: `state` `active` and `to` (the device that answers). Transfer: no `state`, both `from` and
    `to`. Park: `state` `parked` and `from`.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.
        body (AnswerCall | ParkCall | TransferCall): Exactly one of answer, transfer or park.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CallUpdated | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        call_id=call_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: AnswerCall | ParkCall | TransferCall,
) -> CallUpdated | Error | None:
    """Answer, transfer or park a call

     Answer: `state` `active` and `to` (the device that answers). Transfer: no `state`, both `from` and
    `to`. Park: `state` `parked` and `from`.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.
        body (AnswerCall | ParkCall | TransferCall): Exactly one of answer, transfer or park.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CallUpdated | Error
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            call_id=call_id,
            client=client,
            body=body,
        )
    ).parsed
