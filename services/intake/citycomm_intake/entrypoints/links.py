"""Absolute links to our own routes, as `request.url_for` gives them, without its route search.

`url_for` walks every route of every router (a raised NoMatchFound per miss) on each call: a
measurable share of a submission's CPU. The path of a named route with one parameter is found
once per app and then filled in.
"""

from __future__ import annotations

from fastapi import Request

_MARK = "\x00"  # no route path contains it


def link(request: Request, name: str, param: str, value: str) -> str:
    """`str(request.url_for(name, **{param: value}))`, for a route with one (str) path parameter."""
    state = request.app.state
    paths: dict[tuple[str, str], str] | None = getattr(state, "link_paths", None)
    if paths is None:
        paths = state.link_paths = {}
    template = paths.get((name, param))
    if template is None:
        router = request.scope.get("router") or request.app
        template = paths[(name, param)] = str(router.url_path_for(name, **{param: _MARK}))
    base = request.base_url
    return f"{base.scheme}://{base.netloc}{base.path.rstrip('/')}{template.replace(_MARK, value)}"
