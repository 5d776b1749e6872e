from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_call_request import CreateCallRequest
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    account_id: str,
    *,
    body: CreateCallRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/cc/accounts/{account_id}/calls".format(
            account_id=quote(str(account_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | str | None:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = Error.from_dict(response.json())

        return response_401

    if response.status_code == 429:
        response_429 = Error.from_dict(response.json())

        return response_429

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateCallRequest,
) -> Response[Error | str]:
    """Place a new call

     Places a real call. The answer is the new call's id as plain text.

    Args:
        account_id (str):  Example: 1234.
        body (CreateCallRequest):  Example: {'from': {'destination': '1234', 'type': 'extension'},
            'to': {'destination': '15551234567', 'type': 'pstn'}, 'type': 'click2dial'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | str]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateCallRequest,
) -> Error | str | None:
    """Place a new call

     Places a real call. The answer is the new call's id as plain text.

    Args:
        account_id (str):  Example: 1234.
        body (CreateCallRequest):  Example: {'from': {'destination': '1234', 'type': 'extension'},
            'to': {'destination': '15551234567', 'type': 'pstn'}, 'type': 'click2dial'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | str
    """

    return sync_detailed(
        account_id=account_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateCallRequest,
) -> Response[Error | str]:
    """Place a new call

     Places a real call. The answer is the new call's id as plain text.

    Args:
        account_id (str):  Example: 1234.
        body (CreateCallRequest):  Example: {'from': {'destination': '1234', 'type': 'extension'},
            'to': {'destination': '15551234567', 'type': 'pstn'}, 'type': 'click2dial'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | str]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: CreateCallRequest,
) -> Error | str | None:
    """Place a new call

     Places a real call. The answer is the new call's id as plain text.

    Args:
        account_id (str):  Example: 1234.
        body (CreateCallRequest):  Example: {'from': {'destination': '1234', 'type': 'extension'},
            'to': {'destination': '15551234567', 'type': 'pstn'}, 'type': 'click2dial'}.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | str
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            client=client,
            body=body,
        )
    ).parsed
