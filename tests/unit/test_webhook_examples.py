"""docs/webhooks.md's example payloads cannot drift: one per event type, captured from a real run
(python -m citycomm_dev.webhook_examples capture), valid against the committed schemas, and the
docs section is exactly what the generator makes of the captured files."""

from __future__ import annotations

from citycomm_dev import webhook_examples
from citycomm_notifications.domain.contract import EVENT_TYPES
from tests.support.webhook_contract import violations


def test_every_event_type_has_a_captured_example() -> None:
    assert set(webhook_examples.examples()) == webhook_examples.expected()
    assert webhook_examples.expected() >= set(EVENT_TYPES)


def test_every_example_fits_its_schema() -> None:
    for name, body in webhook_examples.examples().items():
        assert violations(body) == [], name
        assert webhook_examples.example_name(body) == name


def test_the_docs_show_exactly_the_captured_examples() -> None:
    doc = webhook_examples.DOC.read_text(encoding="utf-8")
    assert webhook_examples.with_examples(doc, webhook_examples.examples()) == doc, (
        "docs/webhooks.md's examples differ from contracts/webhooks/examples/: "
        "run python -m citycomm_dev.webhook_examples docs")
    assert doc.count("```json") >= len(webhook_examples.expected())
