from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.call_leg import CallLeg
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    account_id: str,
    call_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/cc/accounts/{account_id}/calls/{call_id}/legs".format(
            account_id=quote(str(account_id), safe=""),
            call_id=quote(str(call_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | list[CallLeg] | None:
    if response.status_code == 200:
        response_200 = [
            CallLeg.from_dict(componentsschemas_call_leg_list_item_data)
            for componentsschemas_call_leg_list_item_data in response.json()
        ]

        return response_200

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
) -> Response[Error | list[CallLeg]]:
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
) -> Response[Error | list[CallLeg]]:
    """List the legs of an active call

     Every leg of the call in one answer; this list is not paginated.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[CallLeg]]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        call_id=call_id,
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
) -> Error | list[CallLeg] | None:
    """List the legs of an active call

     Every leg of the call in one answer; this list is not paginated.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[CallLeg]
    """

    return sync_detailed(
        account_id=account_id,
        call_id=call_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | list[CallLeg]]:
    """List the legs of an active call

     Every leg of the call in one answer; this list is not paginated.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | list[CallLeg]]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        call_id=call_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    call_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | list[CallLeg] | None:
    """List the legs of an active call

     Every leg of the call in one answer; this list is not paginated.

    Args:
        account_id (str):  Example: 1234.
        call_id (str):  Example: 3fa85f64-5717-4562-b3fc-2c963f66afa6.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | list[CallLeg]
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            call_id=call_id,
            client=client,
        )
    ).parsed
