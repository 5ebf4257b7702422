"""Thinkst's own Python client, canarytools 1.2.3, against the simulator.

The client was written against the real Console, so what it sends and how it reads the answers
is evidence of the Console's behaviour. Each step drives one part of the client; every step
must pass. Steps named "client quirk" pin down what the client itself gets wrong, so that a
change to the simulator that hides or changes the quirk is noticed.

Usage: conformance.py PATH-TO-canarytoken-sim   (scripts/conformance.sh builds and runs it)
"""

import contextlib
import json
import os
import subprocess
import sys
import tempfile
import traceback
import urllib.request

import canarytools
from canarytools.models.canarytokens import CanaryTokenKinds, PwaIconKinds

# A 1x1 PNG.
PIXEL = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class Sim:
    """A simulator process on a free port, its keys, and its operator API."""

    def __init__(self, binary, *flags):
        args = [binary, "--listen", "127.0.0.1:0", "--rng-seed", "1", *flags]
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        first = self.process.stdout.readline().strip()
        self.base = first.split("listening on ")[1]
        self.keys = {}
        for _ in range(4):
            role, key = self.process.stdout.readline().split(" API key: ")
            self.keys[role.strip()] = key.strip()

    def console(self, role="admin"):
        # The client builds https://<domain>.canary.tools/api/v1/ into a module global, by
        # str.format on the template: a template without braces is kept as it is.
        sys.modules["canarytools.console"].ROOT = f"{self.base}/api/v1/"
        return canarytools.Console(domain="simulator", api_key=self.keys[role])

    def operator(self, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        method = "GET" if body is None else "POST"
        request = urllib.request.Request(
            f"{self.base}/_sim/{path}", data=data, method=method,
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request) as response:
            return json.load(response)

    def requests(self, path):
        """What the simulator received at /api/v1/<path>, oldest first."""
        return [r for r in self.operator("requests") if r["path"] == f"/api/v1/{path}"]

    def api(self, path, **params):
        """A plain GET as admin, for checking the client's view against the Console's."""
        query = "&".join(f"{k}={v}" for k, v in {**params, "auth_token": self.keys["admin"]}.items())
        with urllib.request.urlopen(f"{self.base}/api/v1/{path}?{query}") as response:
            return json.load(response)

    def stop(self):
        self.process.kill()
        self.process.wait()


RESULTS = []


def step(name):
    def run(function):
        try:
            function()
            RESULTS.append((name, None))
            print(f"ok    {name}")
        except Exception:  # noqa: BLE001 - every failure is reported, then the next step runs
            RESULTS.append((name, traceback.format_exc()))
            print(f"FAIL  {name}\n{traceback.format_exc()}")
        return function

    return run


def raises(expected, call, *args, **kwargs):
    """The exception `call` raises, which must be an `expected`."""
    try:
        call(*args, **kwargs)
    except expected as error:
        return error
    raise AssertionError(f"{call.__name__} did not raise {expected.__name__}")


@contextlib.contextmanager
def in_temporary_folder():
    """download() writes into the working directory."""
    before = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            yield folder
        finally:
            os.chdir(before)


def main(binary):
    binary = os.path.abspath(binary)
    sim = Sim(binary)
    try:
        default_variant(sim)
    finally:
        sim.stop()
    documented = Sim(binary, "--variant", "documented")
    try:
        documented_variant(documented)
    finally:
        documented.stop()
    failed = [name for name, error in RESULTS if error]
    print(f"\n{len(RESULTS) - len(failed)} of {len(RESULTS)} steps passed")
    for name in failed:
        print(f"  failed: {name}")
    return 1 if failed else 0


def default_variant(sim):
    console = sim.console()
    made = {}

    @step("ping, and a wrong key maps to InvalidAuthTokenError")
    def _():
        assert console.ping() is True
        wrong = sim.console()
        wrong.session.params = {"auth_token": "wrong"}
        raises(canarytools.InvalidAuthTokenError, wrong.ping)

    @step("tokens.all() pages canarytokens/paginate with limit=2500 and gets every token")
    def _():
        tokens = console.tokens.all()
        expected = sim.api("canarytokens/fetch")["tokens"]
        assert sorted(t.canarytoken for t in tokens) == sorted(t["canarytoken"] for t in expected)
        sent = sim.requests("canarytokens/paginate")[-1]["params"]
        assert (sent["limit"], sent["render_transients"]) == ("2500", "True"), sent
        assert all(isinstance(t, canarytools.CanaryToken) for t in tokens)

    @step("create: the kinds Thinkst's client names, with their parameters")
    def _():
        kinds = {
            CanaryTokenKinds.HTTP: {},
            CanaryTokenKinds.DNS: {},
            CanaryTokenKinds.MSWORD: {},
            CanaryTokenKinds.AWS: {"expiry": "12h"},
            CanaryTokenKinds.FASTREDIRECT: {"browser_redirect_url": "https://intranet.example.com/"},
            CanaryTokenKinds.SLOWREDIRECT: {"browser_redirect_url": "https://intranet.example.com/"},
            CanaryTokenKinds.SENSITIVE_COMMAND: {"process_name": "klist.exe"},
            CanaryTokenKinds.CLONED_WEB: {"cloned_web": "login.example.com"},
            CanaryTokenKinds.CLONED_CSS: {"expected_referrer": "login.example.com"},
            CanaryTokenKinds.AWSS3: {"s3_source_bucket": "acme-exports", "s3_log_bucket": "acme-logs"},
            CanaryTokenKinds.AZURE_ID: {"azure_id_cert_file_name": "prod.pem"},
            CanaryTokenKinds.ACTIVE_DIRECTORY_LOGIN: {"tokened_usernames": "svc-backup,adm-legacy"},
            CanaryTokenKinds.IDP_APP: {"idp_app_type": "github"},
            CanaryTokenKinds.GOOGLE_DOC: {"google_share_email_addr": "finance@example.com"},
            CanaryTokenKinds.QRCODE: {},
            CanaryTokenKinds.PDF: {},
            CanaryTokenKinds.WINDOWS_DIR: {},
            CanaryTokenKinds.WIREGUARD: {},
            CanaryTokenKinds.MYSQL_DUMP: {},
            CanaryTokenKinds.CREDIT_CARD: {},
        }
        for kind, params in kinds.items():
            token = console.tokens.create(memo=f"conformance {kind}", kind=kind, **params)
            assert isinstance(token, canarytools.CanaryToken), kind
            assert (token.kind, token.memo) == (kind, f"conformance {kind}"), vars(token)
            made[kind] = token
        assert made[CanaryTokenKinds.GOOGLE_DOC].google_share_email_addr == "finance@example.com"
        assert made[CanaryTokenKinds.AWS].access_key_id.startswith("AKIA")

    @step("client quirk: PwaIconKinds values are 1-tuples, which requests sends as one value")
    def _():
        assert PwaIconKinds.TINDER == ("tinder",)
        token = console.tokens.create(
            memo="fake dating app", kind=CanaryTokenKinds.PWA,
            pwa_icon=PwaIconKinds.TINDER, pwa_app_name="Tinder",
        )
        assert token.pwa_icon == "tinder", vars(token)

    @step("client quirk: create(web_image=...) closes the file before it posts")
    def _():
        with tempfile.TemporaryDirectory() as folder:
            path = os.path.join(folder, "logo.png")
            with open(path, "wb") as f:
                f.write(PIXEL)
            raises(ValueError, console.tokens.create, memo="logo", kind="web-image",
                   web_image=path, mimetype="image/png")

    @step("web-image: the same multipart request sent through Console.post")
    def _():
        with tempfile.TemporaryFile() as image:
            image.write(PIXEL)
            image.seek(0)
            params = {"memo": "logo on the intranet", "kind": CanaryTokenKinds.WEB_IMAGE}
            files = {"web_image": ("logo.png", image, "image/png")}
            token = console.post("canarytoken/create", params, console.tokens.parse, files)
        assert token.kind == "web-image"
        sent = sim.requests("canarytoken/create")[-1]
        assert sent["files"][0]["filename"] == "logo.png", sent

    @step("create refusals map to the client's exceptions (ERROR_MAP)")
    def _():
        raises(canarytools.InvalidParameterError, console.tokens.create, memo="", kind="dns")
        raises(canarytools.InvalidParameterError, console.tokens.create, memo="m", kind="nope")
        error = raises(canarytools.InvalidParameterError, console.tokens.create,
                       memo="m", kind="cloned-web", cloned_web="intranet")
        assert "not enough domain labels" in str(error)
        # ERROR_MAP names this message twice; the second entry, CanaryTokenError, wins.
        raises(canarytools.CanaryTokenError, console.tokens.create, memo="m", kind="sensitive-cmd")
        error = raises(canarytools.ConsoleError, console.tokens.create, memo="m", kind="gmail")
        assert "/canarytoken/gmail/create" in str(error)

    @step("get_token fetches a token; an unknown one is CanaryTokenError")
    def _():
        token = console.tokens.get_token(made["dns"].canarytoken)
        assert (token.kind, token.memo, token.enabled) == ("dns", "conformance dns", True)
        raises(canarytools.CanaryTokenError, console.tokens.get_token, "nosuchtoken")

    @step("update(memo), disable(), enable()")
    def _():
        token = made["http"]
        assert token.update(memo="renamed by canarytools").result == "success"
        assert console.tokens.get_token(token.canarytoken).memo == "renamed by canarytools"
        assert token.disable().result == "success"
        assert console.tokens.get_token(token.canarytoken).enabled is False
        assert token.enable().result == "success"
        assert console.tokens.get_token(token.canarytoken).enabled is True

    @step("download() names the file from Content-Disposition")
    def _():
        expected = {
            "doc-msword": ("{id}.docx", b"PK\x03\x04"),
            "aws-id": ("{id}_aws_credentials.txt", b"[default]"),
            "qr-code": ("{id}.png", b"\x89PNG"),
            "windows-dir": ("{id}.zip", b"PK\x03\x04"),
            "sensitive-cmd": ("{id}.reg", b"Windows Registry"),
        }
        with in_temporary_folder():
            for kind, (pattern, magic) in expected.items():
                token = made[kind]
                name = token.download()
                assert name == pattern.format(id=token.canarytoken), (kind, name)
                with open(name, "rb") as f:
                    assert f.read().startswith(magic), kind

    @step("client quirk: a non-ASCII file name (RFC 6266 filename*) becomes a garbled name")
    def _():
        word = [t for t in console.tokens.all() if t.memo.startswith("Salaries 2026")][0]
        with in_temporary_folder() as folder:
            garbled = word.download()
            assert garbled.startswith('"Salaries 2026 _ final.docx"; filename*='), garbled
            path = os.path.join(folder, "salaries.docx")
            assert word.download(filename=path) == path

    @step("client quirk: download of a kind without a file raises the HTTP error, not the message")
    def _():
        import requests

        raises(requests.HTTPError, made["dns"].download)

    @step("delete(): a token without alerts goes; one with alerts is refused")
    def _():
        assert made["slow-redirect"].delete().result == "success"
        raises(canarytools.CanaryTokenError, console.tokens.get_token,
               made["slow-redirect"].canarytoken)
        fired = made["fast-redirect"]
        sim.operator("trigger", {"canarytoken": fired.canarytoken})
        error = raises(canarytools.ConsoleError, fired.delete)
        assert str(error).startswith("Could not delete Canarydrop"), error

    @step("flocks.all()")
    def _():
        flocks = {f.flock_id: f.name for f in console.flocks.all()}
        assert flocks["flock:default"] == "Default Flock" and len(flocks) == 2, flocks

    @step("incidents.all/unacknowledged/acknowledged read the nested feeds")
    def _():
        everything = console.incidents.all()
        unacked = console.incidents.unacknowledged()
        acked = console.incidents.acknowledged()
        assert len(everything) == len(unacked) + len(acked) > 0
        searched = sim.api("incidents/search", filter_incident_state="all", limit=100)
        assert searched["total_results"] == len(everything), "the feeds are whole, unpaged"
        assert all(not i.acknowledged for i in unacked) and all(i.acknowledged for i in acked)
        incident = everything[0]
        assert isinstance(incident, canarytools.IncidentCanarytokenTriggered), type(incident)
        assert incident.id.startswith("incident:canarytoken:"), incident.id
        assert incident.created_std.year >= 2026, incident.created_std
        event = incident.events[0]
        # The client parses timestamp_std into `timestamp` and drops the epoch.
        assert event.canarytoken and event.src_host and event.timestamp.year >= 2026
        sent = sim.requests("incidents/all")[-1]["params"]
        assert sent["tz"] == "UTC", sent

    @step("incidents: node_id, newer_than and event_limit filters")
    def _():
        token = made["sensitive-cmd"]
        sim.operator("trigger", {"canarytoken": token.canarytoken, "events": 3})
        mine = console.incidents.all(node_id=token.canarytoken)
        assert len(mine) == 1 and len(mine[0].events) == 3, mine
        assert mine[0].events[0].cmd_computer_name
        limited = console.incidents.all(node_id=token.canarytoken, event_limit=1)
        assert len(limited[0].events) == 1
        assert console.incidents.all(newer_than="2099-01-01-00:00:00") == []
        # Only the older_than wording is in the client's ERROR_MAP.
        error = raises(canarytools.ConsoleError, console.incidents.all, newer_than="tomorrow")
        assert str(error) == "Parameter newer_than was invalid.", error

    @step("an incident's acknowledge(), unacknowledge() and delete() (each refreshes it)")
    def _():
        token = made["http"]
        key = sim.operator("trigger", {"canarytoken": token.canarytoken})["incidents"][0]
        incident = console.incidents.get_incident(key)
        assert incident.acknowledged is False and incident.description == "Canarytoken triggered"
        incident.acknowledge()
        assert incident.acknowledged is True
        incident.unacknowledge()
        assert incident.acknowledged is False
        raises(canarytools.IncidentError, incident.delete)
        incident.acknowledge()
        assert incident.delete().result == "success"
        assert sim.requests("incident/delete")[-1]["method"] == "DELETE"
        raises(canarytools.IncidentNotFoundError, console.incidents.get_incident, key)

    @step("bulk incidents.acknowledge/unacknowledge/delete, and their refusals")
    def _():
        token = made["dns"]
        sim.operator("trigger", {"canarytoken": token.canarytoken, "count": 2})
        assert len(console.incidents.acknowledge(node_id=token.canarytoken).keys) == 2
        assert len(console.incidents.unacknowledge(node_id=token.canarytoken).keys) == 2
        console.incidents.acknowledge(node_id=token.canarytoken)
        assert len(console.incidents.delete(node_id=token.canarytoken).keys) == 2
        assert console.incidents.all(node_id=token.canarytoken) == []
        raises(canarytools.InvalidParameterError, console.incidents.acknowledge,
               node_id=token.canarytoken, src_host="192.0.2.1")
        raises(canarytools.InvalidParameterError, console.incidents.acknowledge, older_than="soon")

    @step("analysts acknowledge; read-only keys may not")
    def _():
        key = sim.operator("trigger", {"canarytoken": made["dns"].canarytoken})["incidents"][0]
        sim.console("analyst").incidents.get_incident(key).acknowledge()
        read_only = sim.console("read-only").incidents.get_incident(key)
        error = raises(canarytools.ConsoleError, read_only.unacknowledge)
        assert "permission" in str(error), error

    @step("client quirk: tokens.all() cannot page past 2500 tokens (it sends the cursor's keys)")
    def _():
        sim.operator("reset", {"seed": "scale", "tokens": 2600})
        error = raises(canarytools.ConsoleError, sim.console().tokens.all)
        assert "cursor" in str(error), error
        sent = sim.requests("canarytokens/paginate")[-1]["params"]
        assert sent["cursor"] in ("next", "next_link", "prev", "prev_link"), sent
        sim.operator("reset", {"seed": "demo"})


def documented_variant(sim):
    console = sim.console()

    @step("documented variant: errors come with HTTP 200 and the documented words")
    def _():
        raises(canarytools.CanaryTokenError, console.tokens.get_token, "nosuchtoken")
        fired = [t for t in console.tokens.all() if t.triggered_count != "0"][0]
        error = raises(canarytools.CanaryTokenError, fired.delete)
        assert str(error) == "Could not delete Canarydrop", error

    @step("documented variant: counts are strings and the client keeps them so")
    def _():
        token = console.tokens.all()[0]
        assert isinstance(token.triggered_count, str), vars(token)

    @step("client quirk: an empty incident page with \"incidents\": null breaks its parser")
    def _():
        raises(TypeError, console.incidents.all, newer_than="2099-01-01-00:00:00")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
