"""What a page's address says, read as people write it, and what a page answers when it is wrong.

Days are typed dd/mm/yyyy (how Vietnamese write them; the pages' own links and the ISO yyyy-mm-dd
of the API are read too). A page whose address is wrong answers an HTML page in the reader's
language with the right status (400, 403, 404), not the API's English problem+json: PageRoute
catches what the route and its dependencies raise (decision 0097)."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from datetime import date, datetime, time
from typing import Annotated, Any

from fastapi import HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import APIRoute

from citycomm_common.moments import EARLIEST, LATEST
from citycomm_common.vocabulary import CITY_ZONE
from citycomm_reporting.domain.periods import PERIOD_KINDS, Period, date_range, period_containing
from citycomm_reporting.entrypoints.auth import Deps, reporting
from citycomm_reporting.entrypoints.labels import N_
from citycomm_reporting.entrypoints.templating import render, speaker

DAY_FORMAT = "%d/%m/%Y"
DAY_PATTERN = r"\d{1,2}/\d{1,2}/\d{4}"  # the inputs' pattern attribute: the browser checks it first
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
BAD_PERIOD = N_("The period in the address is not one this page knows: choose a day, week or month, "
                "or a range of days, with days written dd/mm/yyyy.")
BAD_ADDRESS = N_("The address of this page has a value it does not understand. Open the page again "
                 "from the menu.")
BAD_PAGE_LINK = N_("This link to the next page is not valid any more: start the list again.")
REFUSED = {400: BAD_ADDRESS, 401: N_("Sign in to see this page."),
           403: N_("You may not do this."), 404: N_("There is no such page."),
           413: N_("The form sent is too large."), 429: N_("Too many requests: wait a moment and retry.")}


class BadPageInput(Exception):
    """Something in a page's address or form that the page cannot read: `why` is a message id."""

    def __init__(self, why: str, status: int = 400) -> None:
        super().__init__(why)
        self.why, self.status = why, status


def page_day(text: str) -> date | None:
    """dd/mm/yyyy (d/m/yyyy too) or yyyy-mm-dd; "" is no day; anything else BadPageInput."""
    text = text.strip()
    if not text:
        return None
    try:
        if found := _SLASHED.fullmatch(text):
            day = date(int(found[3]), int(found[2]), int(found[1]))
        elif _ISO.fullmatch(text):
            day = date.fromisoformat(text)
        else:
            raise ValueError(text)
    except ValueError:
        raise BadPageInput(BAD_PERIOD) from None
    if not EARLIEST <= day <= LATEST:
        raise BadPageInput(BAD_PERIOD)
    return day


def written_day(day: date | datetime) -> str:
    """The day as the date inputs show it: dd/mm/yyyy, in the city's time zone."""
    if isinstance(day, datetime):
        day = day.astimezone(CITY_ZONE).date()
    return day.strftime(DAY_FORMAT)


def page_period(deps: Deps, period: Annotated[str, Query(max_length=20)] = "month",
                at: Annotated[str, Query(max_length=20)] = "",
                start: Annotated[str, Query(alias="from", max_length=20)] = "",
                end: Annotated[str, Query(alias="to", max_length=20)] = "") -> Period:
    """A page's `period` (day, week, month, month_1022) containing `at` (today), or `from`..`to`."""
    if period not in PERIOD_KINDS:
        raise BadPageInput(BAD_PERIOD)
    first, last, day = page_day(start), page_day(end), page_day(at)
    try:
        if period == "range" or first or last:
            if first is None or last is None:
                raise BadPageInput(BAD_PERIOD)
            return date_range(first, last)
        day = day or deps.clock.now().astimezone(CITY_ZONE).date()
        return period_containing(period, datetime.combine(day, time(0), tzinfo=CITY_ZONE))
    except ValueError:
        raise BadPageInput(BAD_PERIOD) from None


def error_page(request: Request, status: int, why: str) -> Response:
    """The pages' refusal (templates/refused.html), in the reader's language, with `status`."""
    say = speaker(request, reporting(request))
    return render(request, say, "refused.html", None, status_code=status, why=say.gettext(why))


class PageRoute(APIRoute):
    """A page's route: what it or its dependencies raise becomes an HTML error page. A bad query
    value (FastAPI's 422) is the address's fault, so 400; redirects (sign in first) stay redirects."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handle = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handle(request)
            except BadPageInput as exc:
                return error_page(request, exc.status, exc.why)
            except RequestValidationError:
                return error_page(request, 400, BAD_ADDRESS)
            except HTTPException as exc:
                if exc.status_code < 400:
                    raise
                status = 400 if exc.status_code == 422 else exc.status_code
                return error_page(request, status, REFUSED.get(status, BAD_ADDRESS))

        return answer
