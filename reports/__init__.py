"""The Digital Task Force reports (issue 9): expertise, portfolio, alignment, learning and the mission brief.

Each report is built as data first (:mod:`reports.model`) for one viewer, through the access policy, then
rendered three ways (HTML with inline SVG charts, XLSX, Markdown). :mod:`reports.service` is the entry the
edges (CLI, bot) call.
"""
