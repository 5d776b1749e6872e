from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.devices_page import DevicesPage
from ...models.error import Error
from ...models.sort_order import SortOrder
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    *,
    page: int | Unset = UNSET,
    page_size: int | Unset = 100,
    order: SortOrder | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["page"] = page

    params["page_size"] = page_size

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    params["start_time"] = start_time

    params["end_time"] = end_time

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/registration/accounts/{account_id}/devices".format(
            account_id=quote(str(account_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DevicesPage | Error | None:
    if response.status_code == 200:
        response_200 = DevicesPage.from_dict(response.json())

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
) -> Response[DevicesPage | Error]:
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
    page: int | Unset = UNSET,
    page_size: int | Unset = 100,
    order: SortOrder | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
) -> Response[DevicesPage | Error]:
    """List device registrations

     One page of the account's devices with their registration state. Follow `next_page_uri` (relative to
    the server URL) or pass `page` for the following pages.

    Args:
        account_id (str):  Example: 1234.
        page (int | Unset):  Example: 1.
        page_size (int | Unset):  Default: 100. Example: 100.
        order (SortOrder | Unset):  Example: asc.
        start_time (int | Unset):  Example: 1595955770.
        end_time (int | Unset):  Example: 1595959736.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DevicesPage | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        page=page,
        page_size=page_size,
        order=order,
        start_time=start_time,
        end_time=end_time,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = 100,
    order: SortOrder | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
) -> DevicesPage | Error | None:
    """List device registrations

     One page of the account's devices with their registration state. Follow `next_page_uri` (relative to
    the server URL) or pass `page` for the following pages.

    Args:
        account_id (str):  Example: 1234.
        page (int | Unset):  Example: 1.
        page_size (int | Unset):  Default: 100. Example: 100.
        order (SortOrder | Unset):  Example: asc.
        start_time (int | Unset):  Example: 1595955770.
        end_time (int | Unset):  Example: 1595959736.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DevicesPage | Error
    """

    return sync_detailed(
        account_id=account_id,
        client=client,
        page=page,
        page_size=page_size,
        order=order,
        start_time=start_time,
        end_time=end_time,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = 100,
    order: SortOrder | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
) -> Response[DevicesPage | Error]:
    """List device registrations

     One page of the account's devices with their registration state. Follow `next_page_uri` (relative to
    the server URL) or pass `page` for the following pages.

    Args:
        account_id (str):  Example: 1234.
        page (int | Unset):  Example: 1.
        page_size (int | Unset):  Default: 100. Example: 100.
        order (SortOrder | Unset):  Example: asc.
        start_time (int | Unset):  Example: 1595955770.
        end_time (int | Unset):  Example: 1595959736.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DevicesPage | Error]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        page=page,
        page_size=page_size,
        order=order,
        start_time=start_time,
        end_time=end_time,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    page: int | Unset = UNSET,
    page_size: int | Unset = 100,
    order: SortOrder | Unset = UNSET,
    start_time: int | Unset = UNSET,
    end_time: int | Unset = UNSET,
) -> DevicesPage | Error | None:
    """List device registrations

     One page of the account's devices with their registration state. Follow `next_page_uri` (relative to
    the server URL) or pass `page` for the following pages.

    Args:
        account_id (str):  Example: 1234.
        page (int | Unset):  Example: 1.
        page_size (int | Unset):  Default: 100. Example: 100.
        order (SortOrder | Unset):  Example: asc.
        start_time (int | Unset):  Example: 1595955770.
        end_time (int | Unset):  Example: 1595959736.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DevicesPage | Error
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            client=client,
            page=page,
            page_size=page_size,
            order=order,
            start_time=start_time,
            end_time=end_time,
        )
    ).parsed
