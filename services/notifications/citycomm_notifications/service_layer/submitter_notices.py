"""Submitters hear back (issue 18, decision 0100): lifecycle events become one message per change
and channel, recorded before anything is sent (a replay adds nothing), sent by a worker task with
the webhooks' retry rules, dead-lettered when they run out, never after the address opted out.
Citizens who commented on a consultation with an address hear of its response the same way, once
per address and channel (issue 20, decision 0116)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from prometheus_client import Counter

from citycomm.v1.submitter_notices_pb2 import (
    ConsultationCommenters,
    SubmitterContact,
    SubmitterMessage,
    SubmitterOptOut,
)
from citycomm_common.clock import Clock
from citycomm_common.codec import Envelope, derived_id
from citycomm_common.contracts import from_timestamp, to_timestamp
from citycomm_notifications.domain.consultation_commenters import apply_consultation, recipients
from citycomm_notifications.domain.consultations import CONSULTATION_TYPES
from citycomm_notifications.domain.retries import RetryPolicy, Verdict, judge
from citycomm_notifications.domain.submitter_changes import Change, apply, overdue
from citycomm_notifications.domain.submitter_optout import OptOutKeys
from citycomm_notifications.domain.submitter_rendering import render
from citycomm_notifications.service_layer.ports import Store
from citycomm_notifications.service_layer.submitter_channels import Channel, refused_for_good
from citycomm_notifications.service_layer.submitter_outbox import (
    DEAD,
    DELIVERED,
    PENDING,
    SUPPRESSED,
    SubmitterOutbox,
)

log = logging.getLogger(__name__)
# Labels are the channel and the outcome only: never an address (design §7).
SUBMITTER_MESSAGES = Counter("citycomm_submitter_messages_total",
                             "Messages to submitters by channel and outcome", ["channel", "outcome"])


@dataclass(frozen=True)
class SubmitterStores:
    contacts: Store[SubmitterContact]  # by inquiry id
    messages: Store[SubmitterMessage]  # by "<partition>/<message id>"
    optouts: Store[SubmitterOptOut]  # by the address's digest (global)
    # by consultation id (issue 20): who commented with an address; None: nobody is told
    commenters: Store[ConsultationCommenters] | None = field(default=None)


class SubmitterNotices:
    def __init__(self, stores: SubmitterStores, channels: Mapping[str, Channel], *, keys: OptOutKeys,
                 clock: Clock, retry: RetryPolicy, home: Callable[[str], str], public_url: str,
                 retention: timedelta, poll_interval: float = 0.5, rng: random.Random | None = None) -> None:
        self._stores, self._channels, self._keys, self._clock = stores, dict(channels), keys, clock
        self._retry, self._home, self._retention, self._poll = retry, home, retention, poll_interval
        self._public_url, self._rng = public_url.rstrip("/"), rng or random.Random()
        self.wake = asyncio.Event()
        self.outbox = SubmitterOutbox(stores.messages, clock)
        self._inflight: set[str] = set()

    # -- what to tell ---------------------------------------------------------------------
    async def on_event(self, envelope: Envelope) -> None:
        key = envelope.subject
        if type(envelope.message) in CONSULTATION_TYPES:
            return self._on_consultation(key, envelope)
        before = self._stores.contacts.get(key)
        after, change = apply(before, envelope)
        if after is not None and after != before:
            self._stores.contacts.put(key, after)
        if after is not None and change is not None:
            self._tell(after, change)

    def _on_consultation(self, key: str, envelope: Envelope) -> None:
        store = self._stores.commenters
        if store is None:
            return
        before = store.get(key)
        after, change = apply_consultation(before, envelope.message)
        if after is not None and after != before:
            store.put(key, after)
        if after is not None and change is not None:
            for commenter in recipients(after):
                self._tell(commenter, change, by_address=True)

    def _tell(self, contact: SubmitterContact, change: Change, *, by_address: bool = False) -> None:
        """One message per channel; `by_address`: its id is fixed by the address too (a consultation's
        commenters share one change, and an address that commented twice is told once)."""
        for name, address in self._addresses(contact):
            parts = (self._keys.digest(name, address),) if by_address else ()
            message_id = derived_id(change.source_id, *parts, "submitter", name)
            key = f"{self._home(contact.inquiry_id)}/{message_id}"
            if self.outbox.get(key) is not None:
                continue  # told already: a replayed or redelivered event
            message = SubmitterMessage(message_id=message_id, inquiry_id=contact.inquiry_id, channel=name,
                                       change=change.kind, created_time=to_timestamp(self._clock.now()))
            if self._opted_out(name, address):
                message.delivery_state = SUPPRESSED
            else:
                self._fill(message, address, change, contact.language)
            self.outbox.put(key, message)
        self.wake.set()

    def _addresses(self, contact: SubmitterContact) -> list[tuple[str, str]]:
        found = [(name, contact.email if name == "email" else contact.phone) for name in self._channels]
        return [(name, address) for name, address in found if address]

    def _fill(self, message: SubmitterMessage, address: str, change: Change, language: str) -> None:
        url = f"{self._public_url}/v1/unsubscribe/{self._keys.token(message.channel, address)}"
        words = render(change, language, url)
        message.address, message.unsubscribe_url, message.subject = address, url, words.subject
        message.text = words.sms if message.channel == "sms" else words.text
        message.html = words.html if message.channel == "email" else ""
        if message.channel == "zalo":
            message.template_data.update(words.zns)
        message.delivery_state = PENDING
        message.next_attempt_time.CopyFrom(to_timestamp(self._clock.now()))

    def _opted_out(self, channel: str, address: str) -> bool:
        return self._stores.optouts.get(self._keys.digest(channel, address)) is not None

    def check_token(self, token: str) -> None:
        self._keys.read(token)  # BadToken when it is not ours

    def unsubscribe(self, token: str) -> None:
        """Stops every later message to the token's address (BadToken when it is not ours)."""
        digest = self._keys.read(token)
        if self._stores.optouts.get(digest) is None:
            opted_out = SubmitterOptOut(digest=digest, opted_out_time=to_timestamp(self._clock.now()))
            self._stores.optouts.put(digest, opted_out)
            log.info("a submitter unsubscribed")

    # -- the clock: overdue, and forgetting addresses -----------------------------------
    async def tick(self) -> None:
        now, forgotten = self._clock.now(), set[str]()
        for key, contact in self._stores.contacts.items():
            closed = from_timestamp(contact.closed_time) if contact.HasField("closed_time") else None
            if closed is not None and closed + self._retention <= now:
                self._stores.contacts.delete(key)
                forgotten.add(contact.inquiry_id)
                continue
            change = overdue(contact, now)
            if change is not None:
                self._tell(contact, change)
                contact.overdue_sent = True
                self._stores.contacts.put(key, contact)
        forgotten |= self._forget_commenters(now)
        if forgotten:  # the retention period after closing (or the response) is over: messages go too
            self.outbox.forget(forgotten)

    def _forget_commenters(self, now: datetime) -> set[str]:
        """Consultations whose response was published a retention period ago: addresses go."""
        store, gone = self._stores.commenters, set[str]()
        for key, record in (store.items() if store is not None else ()):
            responded = from_timestamp(record.responded_time) if record.HasField("responded_time") else None
            if store is not None and responded is not None and responded + self._retention <= now:
                store.delete(key)
                gone.add(record.consultation_id)
        return gone

    # -- sending -------------------------------------------------------------------------
    async def run(self) -> None:
        while True:
            await self.send_due()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), self._poll)
            self.wake.clear()

    async def send_due(self) -> int:
        due = self.outbox.due(self._clock.now(), self._inflight)
        self._inflight.update(key for key, _ in due)
        try:
            await asyncio.gather(*(self._attempt(key, m) for key, m in due))
        finally:
            self._inflight.difference_update(key for key, _ in due)
        return len(due)

    async def _attempt(self, key: str, message: SubmitterMessage) -> None:
        channel = self._channels.get(message.channel)
        if channel is None or self._opted_out(message.channel, message.address):
            return self._settle(key, message, SUPPRESSED, "channel off or opted out")
        try:
            attempt = await channel.send(message)
        except Exception:  # a channel's bug must not stop the others' messages
            log.exception("submitter message %s: %s channel failed", message.message_id, message.channel)
            return None
        message.attempts += 1
        if refused_for_good(attempt.status_code):
            return self._settle(key, message, DEAD, attempt.error)
        outcome = judge(attempt.status_code, attempt.retry_after, message.attempts, self._clock.now(),
                        self._retry, self._rng)
        if outcome.verdict is Verdict.DELIVERED:
            return self._settle(key, message, DELIVERED, "")
        if outcome.verdict is Verdict.RETRY and outcome.retry_at is not None:
            SUBMITTER_MESSAGES.labels(message.channel, "retry").inc()
            message.error = attempt.error
            message.next_attempt_time.CopyFrom(to_timestamp(outcome.retry_at))
            self.outbox.put(key, message)
            return None
        return self._settle(key, message, DEAD, f"retry schedule exhausted: {attempt.error}")

    def _settle(self, key: str, message: SubmitterMessage, state: str, error: str) -> None:
        """Delivered or suppressed: the address and the words go at once; a dead letter keeps them
        (an operator may send it again) until the retention period removes the inquiry's records."""
        message.delivery_state, message.error = state, error
        if state != DEAD:
            for name in ("address", "text", "html", "subject", "unsubscribe_url", "template_data"):
                message.ClearField(name)
        else:
            log.warning("submitter message %s (%s, %s) dead: %s", message.message_id, message.channel,
                        message.change, error)
        SUBMITTER_MESSAGES.labels(message.channel, state).inc()
        self.outbox.put(key, message)

    def records(self) -> list[SubmitterMessage]:
        return [m for _, m in self.outbox.items()]

    def dead(self) -> list[SubmitterMessage]:
        return self.outbox.dead()

    def replay(self, message_id: str) -> SubmitterMessage | None:
        replayed = self.outbox.replay(message_id)
        self.wake.set()
        return replayed
