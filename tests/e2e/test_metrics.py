"""Every service exposes Prometheus metrics with the series operators dashboard on."""

from __future__ import annotations

import httpx

from citycomm_dev.polling import wait_for
from citycomm_dev.processes import Stack
from citycomm_dev.stack import StackConfig


def scrape(port: int) -> str:
    return httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text


def test_services_expose_request_processing_and_lag_series(stack: Stack, stack_config: StackConfig) -> None:
    ports = stack_config.ports
    httpx.post(f"http://127.0.0.1:{ports.intake_http}/v1/feedback", timeout=10,
               json={"category": "noise", "ward": "26740", "title": "m", "description": "metrics"})
    intake = wait_for(lambda: (t := scrape(ports.intake_http)) and "/v1/feedback" in t and t, 10,
                      "intake's request metrics")
    assert ('http_server_request_duration_seconds_count{http_request_method="POST",'
            'http_response_status_code="202",http_route="/v1/feedback"}') in intake
    for port, topic, group in ((ports.routing_http, "inquiry.commands", "citycomm-routing"),
                               (ports.notifications_http, "inquiry.events", "citycomm-notifications"),
                               (ports.reporting_http, "inquiry.events", "citycomm-reporting")):
        series = f'messaging_process_duration_seconds_count{{messaging_destination_name="{topic}"}}'
        text = wait_for(lambda p=port, w=series: (s := scrape(p)) and w in s and s, 30,
                        f"processing metrics for {topic} on port {port}")
        assert (f'messaging_kafka_consumer_lag{{messaging_consumer_group_name="{group}",'
                f'messaging_destination_name="{topic}",messaging_destination_partition_id="0"}}') in text
        # a table's changelog is read to recover it, never committed: it is no lag
        assert "-changelog" not in "".join(line for line in text.splitlines()
                                           if line.startswith("messaging_kafka_consumer_lag"))
        assert 'citycomm_ready{check="broker"} 1.0' in text


def test_notifications_counts_deliveries_by_outcome(stack: Stack, stack_config: StackConfig) -> None:
    ports = stack_config.ports
    httpx.post(f"http://127.0.0.1:{ports.intake_http}/v1/feedback", timeout=10,
               json={"category": "noise", "ward": "26740", "title": "m", "description": "delivery metric"})
    text = wait_for(lambda: (s := scrape(ports.notifications_http))
                    and 'citycomm_webhook_deliveries_total{agency="ubnd-26740",outcome="delivered"}' in s
                    and s, 30,
                    "a delivered webhook counted by notifications")
    assert "citycomm_escalations_total" in text and "citycomm_dead_letters" in text
