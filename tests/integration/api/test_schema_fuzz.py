"""schemathesis against /openapi.json: generated input never produces a 5xx, for any operation,
on SQLite and PostgreSQL, anonymous, as each role, and as a user holding every role."""

from __future__ import annotations

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from sqlalchemy.orm import Session, sessionmaker

from backend.auth.service import create_user
from backend.db.session import transaction
from tests.conftest import BOTH_DATABASES
from tests.fixtures.api import PASSWORD, demand_body, login, register, staff

EXAMPLES_PER_OPERATION = 8


@BOTH_DATABASES
def test_no_operation_answers_generated_input_with_a_server_error(
    client: TestClient, session_factory: sessionmaker[Session]
) -> None:
    with transaction(session_factory) as session:
        create_user(
            session,
            email="fuzz@example.cn",
            password=PASSWORD,
            display_name="全角色",
            roles=["publisher", "provider", "official", "expert", "admin"],
            organization_name="模糊测试机构",
        )
    actor = login(client, "fuzz@example.cn")
    one_role_each = [
        register(client, ["publisher"]),
        register(client, ["provider"]),
        staff(client, session_factory, "official", region="苏州市"),
        staff(client, session_factory, "expert", org="江苏省专家库"),
    ]
    callers = [{}, actor.headers, *(a.headers for a in one_role_each)]
    # something real behind the small ids the fuzzer guesses
    demand = actor.post("/api/v1/demands", demand_body()).json()
    actor.post(f"/api/v1/demands/{demand['id']}/submit")
    actor.post(f"/api/v1/demands/{demand['id']}/publish")

    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def exercise(case: schemathesis.Case) -> None:
            for headers in callers:
                response = case.call(headers=headers)
                if response.status_code >= 500:
                    failures.append(
                        f"{case.method} {case.formatted_path} {case.body!r} → "
                        f"{response.status_code}: {response.text[:200]}"
                    )

        exercise()
    assert operations >= 50
    assert failures == []
