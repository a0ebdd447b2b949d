"""Composed tours cached per (language, the viewer's access level) for the knowledge base's current
version, so a "next" press reuses the tour instead of composing it again."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from core.access import Viewer
from onboarding.compose import compose_tour
from onboarding.model import Tour
from retrieval.engine import Engine
from retrieval.experts import kb_version


def access_key(viewer: Viewer | None) -> str:
    """What a viewer may read, as a cache key: viewers with the same labels see the same tour."""
    if viewer is None or viewer.unrestricted:
        return "*"
    return ",".join(viewer.stored_labels())


class TourBook:
    """A small LRU of composed tours; an ingest (a new ``kb_version``) makes every older entry unreachable."""

    def __init__(self) -> None:
        self._tours: OrderedDict[Hashable, Tour] = OrderedDict()
        self._lock = threading.Lock()
        self.composed = 0  # tours composed so far (a cache miss each)

    def get(self, engine: Engine, *, viewer: Viewer | None, language: str) -> Tour:
        kb = engine.kb.base or engine.kb
        version = (kb.follow_corpus(), kb_version(kb))  # the published corpus version and the records'
        key = (kb.settings.sql_url, str(kb.settings.home), version, language, access_key(viewer))
        with self._lock:
            tour = self._tours.get(key)
            if tour is not None:
                self._tours.move_to_end(key)
                return tour
        tour = compose_tour(engine, viewer=viewer, language=language)
        with self._lock:
            self.composed += 1
            self._tours[key] = tour
            while len(self._tours) > max(1, kb.settings.onboarding.cached_tours):
                self._tours.popitem(last=False)
        return tour


tours = TourBook()  # the process's tours (the bot's handlers and the CLI share it)
