"""Notifications: the in-app inbox, e-mail (an outbox drained by the worker), preferences,
digests and to-dos. Services call `events.notify` in the transaction of the change itself."""
