"""The HTTP stack the servers we ship share (the mock's guard, the sandbox, the recording
proxy): private.

- ``serving``: ``BackgroundServer`` (in a thread) and ``serve_forever`` (in the foreground)
  on uvicorn; ``bind`` and ``PortInUseError``;
- ``protocol``: uvicorn's httptools protocol, answering malformed requests in the ``Error``
  shape;
- ``asgi``: the ASGI types, ``HTTPProblem``, ``ErrorBoundary``, bounded body and JSON reading;
- ``signals``: Ctrl-C and SIGTERM in the foreground;
- ``origin``: refusing what a web page elsewhere could make a browser send;
- ``limits``: what a request may cost;
- ``relaying``: the headers a relay (the guard, the proxy) passes on;
- ``running``, ``clients``: what every server offers (``start``/``stop``/``with``, and
  ``client()``/``async_client()``).

Importing this package loads none of them: only what uses uvicorn loads uvicorn.
"""
