"""The onboarding tour for new colleagues (``/onboard`` in the bot, ``dtbot onboard``): five cards composed
from the knowledge base as a viewer may read it, each with numbered citations, in the viewer's language.

Nothing about the office is written here: the overview, strategies, flagship projects, who-to-ask map and
glossary are all chosen from the ingested corpus and the records derived from it, so another office's data
gives another tour. ``onboarding.compose.compose_tour`` builds a tour; ``onboarding.tours.tours`` caches them.
"""
