"""The sandbox's domain: accounts, calls and legs, devices, tokens, the clock, faults and
the journal, as plain Python. Nothing here knows HTTP (statuses, headers, JSON renderings):
tests drive it without sockets, and ``sandbox._http`` serves it."""
