"""Early warning (issue 19): the seasonal detector against a fixed threshold on a synthetic year.

Generates the seeded evaluation year (bench/trends/traffic.py), runs the detector with
config/trends.yaml and the fixed-threshold baseline (3x the series' average window, same windows
and state machine) over it, the raw loop that only counts the same inquiries per series, and the
near-duplicate topic clustering over the Vietnamese corpus (bench/trends/corpus.py); the detector
also split over partitions as the workers run it (decision 0102). Prints
Markdown tables. Run: `python -m bench.trends` (about a minute on 2 cores).
"""

from __future__ import annotations

import sys

from bench.trends.corpus import report
from bench.trends.evaluate import Detector, FixedThresholdDetector, Score, SplitDetector, raw_loop, run, score
from bench.trends.traffic import ROOT, generate
from citycomm_common.calendar import WorkingCalendar
from citycomm_reporting.domain.trend_baseline import HourOfWeek
from citycomm_reporting.domain.trend_config import load_trend_config
from citycomm_reporting.domain.trend_detector import TrendDetector

PARTITIONS = 3  # the deployment's CITYCOMM_KAFKA_PARTITIONS: each worker's partitions pool their own


def _row(s: Score) -> str:
    shapes = ", ".join(f"{k} {v:.0%}" for k, v in s.recall_by_shape.items())
    return (f"| {s.name} | {s.recall:.0%} ({shapes}) | {s.false_alarms_per_week:.2f} | "
            f"{s.median_hours_to_detect:.0f} h | {s.inquiries / s.seconds:,.0f} |")


def main() -> None:
    config = load_trend_config(ROOT / "config" / "trends.yaml")
    inquiries, events = generate()
    hour_of_week = HourOfWeek(WorkingCalendar())
    rows = []
    detectors: list[tuple[str, Detector]] = [
        ("seasonal NB (config/trends.yaml)", TrendDetector(config, hour_of_week)),
        (f"the same split over {PARTITIONS} partitions (decision 0102)",
         SplitDetector(lambda: TrendDetector(config, hour_of_week), PARTITIONS)),
        ("fixed threshold (3x average)", FixedThresholdDetector(config, hour_of_week))]
    for name, detector in detectors:
        changes, seconds = run(detector, inquiries)
        rows.append(_row(score(name, changes, events, inquiries, config, seconds)))
    raw = raw_loop(inquiries)
    out = sys.stdout
    out.write(f"{len(inquiries):,} inquiries over a year, {len(events)} injected events "
              f"(spike/step/ramp), window {config.window_hours} h hopping {config.step_hours} h\n\n")
    out.write("| detector | recall (by shape) | false alarms / week | median time to detect "
              "| inquiries/s |\n|---|---|---|---|---|\n")
    out.write("\n".join(rows) + "\n| raw loop (count per series only) | – | – | – | "
              f"{len(inquiries) / raw:,.0f} |\n")
    report(out)


if __name__ == "__main__":
    main()
