"""Who receives the early-warning trends (as data), and the webhook notice each one gets (issue 19).

A trend on trend.events (reporting's detector, decision 0109) goes as `trend.detected`,
`trend.updated` or `trend.ended` to the city office and the Press Center
(`config/trend-subscribers.yaml`) and, when the file says so, to every agency assigned to the
inquiries behind it: each once, whatever number of reasons it has to get it.
"""

from __future__ import annotations

from pathlib import Path

from google.protobuf.message import Message
from pydantic import BaseModel, ConfigDict, Field

from citycomm.v1 import trends_pb2
from citycomm_common.config_files import load_config
from citycomm_notifications.domain.notices import Notice
from citycomm_notifications.domain.payloads import payload

TREND_TYPES: dict[type[Message], str] = {
    trends_pb2.TrendDetected: "trend.detected",
    trends_pb2.TrendUpdated: "trend.updated",
    trends_pb2.TrendEnded: "trend.ended",
}


class TrendSubscribers(BaseModel):
    """Agency ids that receive every trend, and whether the agencies concerned get theirs too."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    always: list[str] = Field(default_factory=list)
    agencies_concerned: bool = True


def load_trend_subscribers(path: Path) -> TrendSubscribers:
    return load_config(path, TrendSubscribers) if path.exists() else TrendSubscribers()


def trend_notices(message: Message, event_id: str, subscribers: TrendSubscribers) -> list[Notice]:
    """One webhook per recipient of a TrendDetected, TrendUpdated or TrendEnded; none for others."""
    event_type = TREND_TYPES.get(type(message))
    if event_type is None:
        return []
    trend: trends_pb2.Trend = message.trend  # type: ignore[attr-defined]  # all three have one
    concerned = list(trend.agency_ids) if subscribers.agencies_concerned else []
    data = payload(event_type, message)
    return [Notice(event_type, agency, "", data, event_id)
            for agency in dict.fromkeys([*subscribers.always, *concerned]) if agency]
