"""The public door: TLS from cert-manager, ingress-nginx limits that match intake's own, and the
trusted-proxy settings that give intake each client's real address."""

from __future__ import annotations

import ipaddress
import re

import pytest
import yaml
from rendering import REPO, Obj, container_env, named, of_kind, pod_spec, selects

from citycomm_common.clients import TrustedProxies
from citycomm_intake.entrypoints.briefings_api import PATH as BATCH_PATH
from citycomm_intake.entrypoints.open311_api import UPLOAD_PATHS
from citycomm_intake.entrypoints.uploads_api import PATH as UPLOAD_PATH
from citycomm_intake.settings import IntakeSettings

PRODUCTION = REPO / "deploy" / "k8s" / "overlays" / "production"
NGINX = "nginx.ingress.kubernetes.io/"
INTAKE = IntakeSettings.model_fields


def nginx_bytes(size: str) -> int:
    """nginx's size syntax: 64k, 1m (binary multiples), or bytes."""
    number, unit = re.fullmatch(r"(\d+)([kKmMgG]?)", size).groups()  # type: ignore[union-attr]
    return int(number) * {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[unit.lower()]


def controller_config() -> dict[str, str]:
    values = yaml.safe_load((PRODUCTION / "ingress-nginx-values.yaml").read_text())
    config: dict[str, str] = values["controller"]["config"]
    return config


def intake_ingresses(objs: list[Obj]) -> list[Obj]:
    return [i for i in of_kind(objs, "Ingress")
            if i["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] == "intake"]


@pytest.fixture
def production(rendered: dict[str, list[Obj]]) -> list[Obj]:
    return rendered["production"]


def test_intake_refuses_at_the_edge_what_it_would_refuse_itself(production: list[Obj]) -> None:
    general, batch = named(production, "Ingress", "intake"), named(production, "Ingress", "intake-briefings")
    assert nginx_bytes(general["metadata"]["annotations"][NGINX + "proxy-body-size"]) == \
        INTAKE["max_body_bytes"].default
    [batch_path] = batch["spec"]["rules"][0]["http"]["paths"]
    assert (batch_path["path"], batch_path["pathType"]) == (BATCH_PATH, "Exact")
    assert nginx_bytes(batch["metadata"]["annotations"][NGINX + "proxy-body-size"]) == \
        INTAKE["max_batch_body_bytes"].default
    grpc = named(production, "Ingress", "intake-grpc")["metadata"]["annotations"]
    assert grpc[NGINX + "backend-protocol"] == "GRPC"
    assert nginx_bytes(grpc[NGINX + "proxy-body-size"]) == INTAKE["max_batch_body_bytes"].default


def test_uploads_pass_the_edge_up_to_intakes_upload_bound(production: list[Obj]) -> None:
    uploads = named(production, "Ingress", "intake-uploads")
    paths = {(p["path"], p["pathType"]) for p in uploads["spec"]["rules"][0]["http"]["paths"]}
    assert paths == {(UPLOAD_PATH, "Exact"), *((p, "Exact") for p in UPLOAD_PATHS)}
    assert nginx_bytes(uploads["metadata"]["annotations"][NGINX + "proxy-body-size"]) == \
        INTAKE["max_upload_bytes"].default


def test_intake_ingresses_buffer_bodies_and_cap_each_client(production: list[Obj]) -> None:
    ingresses = intake_ingresses(production)
    assert {i["metadata"]["name"] for i in ingresses} == {"intake", "intake-briefings", "intake-grpc",
                                                          "intake-uploads"}
    for ingress in ingresses:
        notes, where = ingress["metadata"]["annotations"], ingress["metadata"]["name"]
        assert int(notes[NGINX + "limit-rps"]) > 0 and int(notes[NGINX + "limit-connections"]) > 0, where
        # intake holds a request up to Prefer: wait=max_wait_seconds; nginx must wait longer.
        assert int(notes[NGINX + "proxy-read-timeout"]) > INTAKE["max_wait_seconds"].default, where
        if notes.get(NGINX + "backend-protocol") != "GRPC":
            assert notes[NGINX + "proxy-request-buffering"] == "on", where
            # Bodies up to the limit stay in memory instead of temporary files.
            assert nginx_bytes(notes[NGINX + "client-body-buffer-size"]) >= \
                nginx_bytes(notes[NGINX + "proxy-body-size"]), where


def test_every_ingress_is_tls_with_a_certificate_cert_manager_issues(production: list[Obj]) -> None:
    certificates = {c["spec"]["secretName"]: c["spec"] for c in of_kind(production, "Certificate")}
    issuers = {i["metadata"]["name"] for i in of_kind(production, "ClusterIssuer")}
    for ingress in of_kind(production, "Ingress"):
        spec, where = ingress["spec"], ingress["metadata"]["name"]
        assert spec["ingressClassName"] == "nginx", where
        hosts = {rule["host"] for rule in spec["rules"]}
        assert {h for tls in spec["tls"] for h in tls["hosts"]} == hosts, where
        for tls in spec["tls"]:
            certificate = certificates[tls["secretName"]]
            assert set(tls["hosts"]) <= set(certificate["dnsNames"]), where
            assert certificate["issuerRef"]["kind"] == "ClusterIssuer"
            assert certificate["issuerRef"]["name"] in issuers
    for issuer in of_kind(production, "ClusterIssuer"):
        assert "namespace" not in issuer["metadata"], "a ClusterIssuer is cluster-scoped"
        [solver] = issuer["spec"]["acme"]["solvers"]
        assert solver["http01"]["ingress"]["ingressClassName"] == "nginx"


def test_ingress_backends_are_ports_intake_serves(production: list[Obj]) -> None:
    ports = {p["name"] for p in named(production, "Service", "intake")["spec"]["ports"]}
    for ingress in intake_ingresses(production):
        for path in ingress["spec"]["rules"][0]["http"]["paths"]:
            assert path["backend"]["service"]["port"]["name"] in ports


def test_webhook_holders_reach_their_self_service_and_no_operator_api(production: list[Obj]) -> None:
    ingress = named(production, "Ingress", "webhook-self-service")
    routes = {(p["path"], p["pathType"], p["backend"]["service"]["name"],
               p["backend"]["service"]["port"]["name"]) for p in ingress["spec"]["rules"][0]["http"]["paths"]}
    assert routes == {("/v1/webhooks", "Prefix", "notifications", "http"),
                      ("/v1/directory/self", "Prefix", "routing", "http")}
    for service in ("notifications", "routing"):
        assert "http" in {p["name"] for p in named(production, "Service", service)["spec"]["ports"]}
    notes = ingress["metadata"]["annotations"]
    assert nginx_bytes(notes[NGINX + "proxy-body-size"]) <= 16 * 1024  # self-service bodies are small
    assert int(notes[NGINX + "limit-rps"]) > 0 and int(notes[NGINX + "limit-connections"]) > 0


# The exceptions: notifications' and routing's self-service ask intake whose API key a call carries
# (GET /v1/me). They send no X-Forwarded-For (citycomm_common/intake_keys.py), and the answer depends
# on the key alone, never on a client address, so being inside the trusted network gains them nothing.
ASKING_WHOSE_KEY = [[{"podSelector": {"matchLabels": {"app.kubernetes.io/name": name}}}]
                    for name in ("notifications", "routing")]


def test_only_the_ingress_controller_reaches_intake(objects: list[Obj]) -> None:
    labels = named(objects, "Deployment", "intake")["spec"]["template"]["metadata"]["labels"]
    controller = {"kubernetes.io/metadata.name": "ingress-nginx"}
    for policy in of_kind(objects, "NetworkPolicy"):
        if not selects(policy["spec"]["podSelector"], labels):
            continue
        for rule in policy["spec"].get("ingress", []):
            ports = {p["port"] for p in rule.get("ports", [])}
            if ports & {"grpc", 50051} or (ports & {"http", 8080} and policy["metadata"]["name"] == "intake"):
                assert rule.get("from"), f"{policy['metadata']['name']}: open to anyone"
                if rule["from"] in ASKING_WHOSE_KEY and ports == {"http"}:
                    continue
                for peer in rule["from"]:
                    assert selects(peer["namespaceSelector"], controller), policy["metadata"]["name"]
                    assert peer["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": "ingress-nginx"}


def test_the_controller_gives_intake_the_client_address_and_never_a_forged_one(production: list[Obj]) -> None:
    """With use-forwarded-headers and compute-full-forwarded-for off, ingress-nginx sends
    X-Forwarded-For: <the TCP peer it saw> and drops what the client wrote; intake trusts it from
    the controller's pods only. A client claiming another address in the header gets nowhere."""
    config = controller_config()
    assert config["use-forwarded-headers"] == "false" and config["compute-full-forwarded-for"] == "false"
    values = yaml.safe_load((PRODUCTION / "ingress-nginx-values.yaml").read_text())
    assert values["controller"]["service"]["externalTrafficPolicy"] == "Local"
    env = container_env(production, pod_spec(named(production, "Deployment", "intake"))["containers"][0])
    trusted = TrustedProxies(IntakeSettings(trusted_proxies=env["CITYCOMM_TRUSTED_PROXIES"]).trusted_proxies)
    controller_pod = str(next(trusted.networks[0].hosts()))
    client, forged = "203.113.131.7", "198.51.100.1"
    sent_by_controller = client  # $remote_addr; the client's own "X-Forwarded-For: forged" is dropped
    assert trusted.client(controller_pod, sent_by_controller) == client
    assert trusted.client(client, forged) == client, "a client is no proxy"
    assert all(ipaddress.ip_network(n).is_private for n in env["CITYCOMM_TRUSTED_PROXIES"].split(","))


def test_edge_refusals_are_429_never_intakes_503(production: list[Obj]) -> None:
    """intake's 503 means "outcome unknown, send again with the same Idempotency-Key"; a limit
    hit at the edge is no such thing."""
    config = controller_config()
    assert config["limit-req-status-code"] == config["limit-conn-status-code"] == "429"


def test_the_edge_drops_slow_clients_no_later_than_intake(production: list[Obj]) -> None:
    config = controller_config()
    head = INTAKE["http_head_timeout_seconds"].default
    assert int(config["client-header-timeout"]) <= head and int(config["client-body-timeout"]) <= head


def test_local_has_no_ingress(rendered: dict[str, list[Obj]]) -> None:
    assert not of_kind(rendered["local"], "Ingress", "Certificate", "ClusterIssuer")
