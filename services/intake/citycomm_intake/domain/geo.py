"""A submission's place: a WGS 84 point inside the city's bounding box (config/city-bounds.yaml)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, model_validator

from citycomm_common.config_files import load_config
from citycomm_intake.domain.errors import Invalid

BOUNDS_FILE = "city-bounds.yaml"  # in the settings' config_dir


class CityBounds(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    city: str
    source: str
    south: float
    north: float
    west: float
    east: float

    @model_validator(mode="after")
    def _a_box(self) -> CityBounds:
        if not (-90 <= self.south < self.north <= 90 and -180 <= self.west < self.east <= 180):
            raise ValueError("south < north within ±90 and west < east within ±180 are required")
        return self

    def contains(self, lat: float, long: float) -> bool:
        return self.south <= lat <= self.north and self.west <= long <= self.east


def load_bounds(config_dir: Path) -> CityBounds:
    return load_config(config_dir / BOUNDS_FILE, CityBounds)


@dataclass(frozen=True)
class Point:
    lat: float
    long: float


def point(lat: float | None, long: float | None, bounds: CityBounds) -> Point | None:
    """The place given, checked: both or neither, finite, inside the city."""
    if lat is None and long is None:
        return None
    if lat is None or long is None:
        missing = "lat" if lat is None else "long"
        raise Invalid.field(missing, "lat and long go together: give both or neither",
                            "lat và long phải đi cùng nhau: gửi cả hai hoặc không gửi")
    if not (math.isfinite(lat) and math.isfinite(long)):
        raise Invalid.field("lat", "lat and long must be numbers", "lat và long phải là số")
    if not bounds.contains(lat, long):
        raise Invalid.field(
            "lat", f"the place ({lat}, {long}) is outside {bounds.city} "
            f"({bounds.south}..{bounds.north} N, {bounds.west}..{bounds.east} E)",
            f"vị trí ({lat}, {long}) nằm ngoài {bounds.city}")
    return Point(lat, long)
