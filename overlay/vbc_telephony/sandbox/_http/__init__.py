"""The sandbox's HTTP layer (Starlette): routes and validators made from the spec, the API's
JSON shapes, the token endpoint, the control API, the gateway (journal, faults). It holds no
state of its own but what serving needs (renderings, requests in flight)."""
