"""The Redis cache, forgiving: a cache that cannot be reached is a miss, never an error page.

Django's RedisCache raises when Redis is down, and the page that reads the cache answers 500 (the published round
page did, and so did the page after publishing, which is where the person should read that the background queue
cannot be reached). The cache only ever holds what can be rendered again, so losing it costs time, not data.

A Redis that hangs (the port answers, Redis does not) costs the socket timeout on every call, and a page makes
several: after a failure this process leaves Redis alone for RETRY_AFTER_SECONDS, so a page waits at most once.
A change it could not write meanwhile (an increment, such as the data's revision, or a delete) is not forgotten:
the key is deleted as soon as Redis answers again, so no reader goes on trusting its old value."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10
_resting_until = {}  # Redis location -> time.monotonic() before which this process does not try it
_missed = {}  # Redis location -> {(key, version)} whose change could not be written: deleted when Redis answers


class _OneClientPerPool(RedisCacheClient):
    """Django's client builds a new redis.Redis for every call, copying its table of some 170 response callbacks
    each time: a logged-in request makes several calls (session, revisions, remembered values), and that copying was
    a tenth of such a request's time (profiled 2026-12-08). A redis.Redis is safe to share between threads (it
    takes a connection from its pool per command), so each pool gets one."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ForgivingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _OneClientPerPool

    def _unavailable(self):
        """True while this process leaves Redis alone after a failure; once that is over, the changes missed
        meanwhile are made good first (and a failure there starts another rest)."""
        location = self._server_location()
        if time.monotonic() < _resting_until.get(location, 0.0):
            return True
        missed = _missed.get(location)
        if missed:
            try:
                for key, version in list(missed):
                    super().delete(key, version=version)
                    missed.discard((key, version))
            except RedisError as error:
                self._failed("delete", error)
                return True
        return False

    def _failed(self, action, error):
        _resting_until[self._server_location()] = time.monotonic() + RETRY_AFTER_SECONDS
        log.warning("Cache %s failed, treated as a miss for %d s: %s", action, RETRY_AFTER_SECONDS, error)

    def _miss_change(self, key, version):
        _missed.setdefault(self._server_location(), set()).add((key, version))

    def _server_location(self):
        return repr(self._servers)

    def _forgive(self, action, fallback, *args, **kwargs):
        if self._unavailable():
            return fallback
        try:
            return getattr(super(), action)(*args, **kwargs)
        except RedisError as error:
            self._failed(action, error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._forgive("get", default, key, default=default, version=version)

    def get_many(self, keys, version=None):
        return self._forgive("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._forgive("has_key", False, key, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgive("set", None, key, value, timeout=timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgive("add", False, key, value, timeout=timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgive("set_many", list(data), data, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._forgive("touch", False, key, timeout=timeout, version=version)

    def incr(self, key, delta=1, version=None):
        if self._unavailable():
            self._miss_change(key, version)
            raise ValueError("Redis is resting after a failure")  # as for a missing key: the caller starts again
        try:
            return super().incr(key, delta=delta, version=version)
        except RedisError as error:
            self._failed("incr", error)
            self._miss_change(key, version)
            raise ValueError(str(error)) from error

    def delete(self, key, version=None):
        if self._unavailable():
            self._miss_change(key, version)
            return False
        try:
            return super().delete(key, version=version)
        except RedisError as error:
            self._failed("delete", error)
            self._miss_change(key, version)
            return False

    def delete_many(self, keys, version=None):
        for key in keys:
            self.delete(key, version=version)

    def clear(self):
        return self._forgive("clear", False)
