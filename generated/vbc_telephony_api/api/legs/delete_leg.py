from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    account_id: str,
    call_id: str,
    leg_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/cc/accounts/{account_id}/calls/{call_id}/legs/{leg_id}".format(
            account_id=quote(str(account_id), safe=""),
            call_id=quote(str(call_id), safe=""),
            leg_id=quote(str(leg_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | Error]:
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
) -> Response[Any | Error]:
    """Hang up a leg

     Ends this leg; the rest of the call goes on.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.
        leg_id (str):  Example: 0d0a16ab-a508-4d58-bf24-5dc3cb248f3e.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        call_id=call_id,
        leg_id=leg_id,
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
) -> Any | Error | None:
    """Hang up a leg

     Ends this leg; the rest of the call goes on.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.
        leg_id (str):  Example: 0d0a16ab-a508-4d58-bf24-5dc3cb248f3e.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return sync_detailed(
        account_id=account_id,
        call_id=call_id,
        leg_id=leg_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | Error]:
    """Hang up a leg

     Ends this leg; the rest of the call goes on.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.
        leg_id (str):  Example: 0d0a16ab-a508-4d58-bf24-5dc3cb248f3e.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        call_id=call_id,
        leg_id=leg_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    call_id: str,
    leg_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | Error | None:
    """Hang up a leg

     Ends this leg; the rest of the call goes on.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.
        leg_id (str):  Example: 0d0a16ab-a508-4d58-bf24-5dc3cb248f3e.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            call_id=call_id,
            leg_id=leg_id,
            client=client,
        )
    ).parsed
