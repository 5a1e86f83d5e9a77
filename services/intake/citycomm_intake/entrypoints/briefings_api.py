"""REST batch of a briefing's questions: the JSON form of gRPC BulkSubmit, one result per item."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Body
from pydantic import BaseModel, ValidationError

from citycomm_intake.domain.errors import Forbidden, Invalid
from citycomm_intake.domain.submissions import AnySubmission, BriefingQuestionIn
from citycomm_intake.entrypoints.dependencies import Authenticated, Deps, IdempotencyKey
from citycomm_intake.entrypoints.problems import field_errors, problem_body, responses
from citycomm_intake.service_layer.bulk import Item, Outcome, submit_each

PATH = "/v1/briefings/questions"


class QuestionResult(BaseModel):
    """One question's fate: `status` is what a POST /v1/inquiries of it alone would have answered."""

    index: int
    idempotency_key: str
    status: int  # 202 recorded; 422 refused; 503 outcome unknown (send the batch again)
    inquiry_id: str | None = None
    tracking_code: str | None = None
    command_id: str | None = None
    problem: dict[str, Any] | None = None  # RFC 9457, as the single request's body


class BatchResult(BaseModel):
    received: int
    accepted: int
    failed: int
    results: list[QuestionResult]


def item_key(batch_key: str, index: int) -> str:
    """Each question's own Idempotency-Key: a batch sent again lands on the same inquiries."""
    return f"{batch_key}/{index}"


def _item(raw: dict[str, Any], key: str) -> Item:
    def read() -> tuple[str, AnySubmission]:
        try:
            return key, BriefingQuestionIn.model_validate(raw)
        except ValidationError as exc:
            raise Invalid("Some fields are missing or invalid.", "Một số trường bị thiếu hoặc không hợp lệ.",
                          field_errors(exc.errors())) from exc

    return Item(key, read)


def _result(outcome: Outcome) -> QuestionResult:
    if outcome.error is not None:
        return QuestionResult(index=outcome.index, idempotency_key=outcome.key,
                              status=outcome.error.status, problem=problem_body(outcome.error))
    receipt = outcome.receipt
    assert receipt is not None
    return QuestionResult(index=outcome.index, idempotency_key=outcome.key, status=202,
                          inquiry_id=receipt.inquiry_id, tracking_code=receipt.tracking_code,
                          command_id=receipt.command_id)


def _bounded(questions: list[dict[str, Any]], key: str, limit: int) -> None:
    if not 1 <= len(questions) <= limit:
        raise Invalid.field("body", f"between 1 and {limit} questions per batch",
                            f"Mỗi lô gồm từ 1 đến {limit} câu hỏi.")
    if len(item_key(key, len(questions) - 1)) > 200:
        raise Invalid.field("Idempotency-Key", "too long to derive each question's key (<key>/<index>, "
                            "at most 200 characters)", "Idempotency-Key quá dài.")


def briefings_router() -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["inquiries"])

    @router.post("/briefings/questions", responses=responses(400, 401, 403, 413, 422, 429))
    async def submit_questions(
        questions: Annotated[list[dict[str, Any]], Body(description="briefing_question objects")],
        principal: Authenticated,
        deps: Deps,
        idempotency_key: IdempotencyKey,
    ) -> BatchResult:
        """The Press Center publishes a briefing's questions at once (at most
        `CITYCOMM_MAX_BULK_ITEMS`, 500). 200 with one result per question in the order sent, each
        with the status it would have had alone; question *i* is recorded under the Idempotency-Key
        `<key>/<i>`, so the same batch sent again (after a 503 item, say) records each question
        once and the others are answered as before."""
        if not principal.may_submit("briefing_question"):
            raise Forbidden(f"A {principal.role.value} may not submit briefing questions.",
                            f"Vai trò {principal.role.value} không được gửi câu hỏi giao ban.")
        _bounded(questions, idempotency_key, deps.settings.max_bulk_items)

        async def each() -> AsyncIterator[Item]:
            for index, raw in enumerate(questions):
                yield _item(raw, item_key(idempotency_key, index))

        outcomes, _ = await submit_each(deps.submissions, principal, each(), limit=len(questions),
                                        channel="rest-batch")
        results = [_result(o) for o in outcomes]
        accepted = sum(r.status == 202 for r in results)
        return BatchResult(received=len(results), accepted=accepted, failed=len(results) - accepted,
                           results=results)

    return router
