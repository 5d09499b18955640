#!/usr/bin/env python3
"""Open an HTML report in headless Chromium and check that a reader sees it whole.

The report is one self-contained file whose charts are <figure class="chart" data-chart="NAME">
elements holding an inline <svg>. A browser is the only judge of whether such a file renders, so
this script drives the real one through chromedriver's WebDriver HTTP API (standard library
only: no Selenium, and nothing is injected into the page) and checks:
  load     the document reaches readyState "complete";
  console  the browser logged no error (script errors, SVG attribute errors, failed loads);
  network  the page requested nothing besides itself and data:/blob: URLs (a report must open
           on a machine without network, and must not leak that it was opened);
  chart    each expected chart is there, and every chart on the page renders: its <svg> has a
           non-empty box on screen and drawn shapes with a non-empty extent;
  text     no NaN, undefined or [object Object] leaked into the visible text;
  screenshot  a full-page PNG that is not blank, written to --screenshot.

Exit status: 0 all checks passed; 1 a check failed (each failure says why); 2 Chromium or
chromedriver could not be started (the reason is printed).
"""
import argparse
import base64
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zlib

OVERALL_TIMEOUT_S = 60
STARTUP_TIMEOUT_S = 20
LOAD_TIMEOUT_S = 20
SCRIPT_TIMEOUT_S = 10
WINDOW_WIDTH_PX = 1400
WINDOW_HEIGHT_PX = 900
# Bounds the screenshot's memory (about 180 MB of pixels at 1400 px wide); the report of seven
# collectives, scaling, pipeline, gradsync and linkcheck is about 18000 px tall. A taller page
# is shot down to this height: the chart checks have seen all of it already.
MAX_SCREENSHOT_HEIGHT_PX = 32768
MIN_SCREENSHOT_BYTES = 10_000
# Share of screenshot rows that show something (see png_inked_rows): 0 for a blank page.
MIN_SCREENSHOT_INKED_ROWS = 0.05

# --headless without the background services: this machine's closed network refuses their
# connections, and each refusal would be one more thing that is not the report.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",  # the tests run as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    "--mute-audio",
]

DRAWN_SHAPES = "path, line, rect, circle, ellipse, polyline, polygon, use"

# Every figure on the page, described in one round trip. Shapes count as drawn only when they
# have an extent: a chart of NaN coordinates still has <path> elements, but empty ones.
DESCRIBE_FIGURES_SCRIPT = """
const shapes = arguments[0];
return Array.from(document.querySelectorAll('figure')).map(function (figure) {
  const svg = figure.querySelector('svg');
  const box = svg ? svg.getBoundingClientRect() : null;
  let drawn = 0, empty = 0;
  if (svg) {
    svg.querySelectorAll(shapes).forEach(function (shape) {
      const extent = shape.getBBox();
      if (extent.width > 0 || extent.height > 0) { drawn += 1; } else { empty += 1; }
    });
  }
  return {
    chart: figure.getAttribute('data-chart'),
    is_chart: figure.classList.contains('chart'),
    has_svg: svg !== null,
    visible: svg !== null && svg.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}),
    width: box ? box.width : 0,
    height: box ? box.height : 0,
    drawn: drawn,
    empty: empty
  };
});
"""

# Visible text only: the text of <script> and <style> is code, not what a reader sees.
VISIBLE_TEXT_SCRIPT = """
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
  acceptNode: function (node) {
    const tag = node.parentElement ? node.parentElement.tagName.toLowerCase() : '';
    return (tag === 'script' || tag === 'style') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
  }
});
const parts = [];
while (walker.nextNode()) { parts.push(walker.currentNode.nodeValue); }
return parts.join(' ');
"""

LEAKED_VALUE_PATTERN = re.compile(r"\bNaN\b|\bundefined\b|\[object Object\]")

# Anything the page may load without the network: itself, inline data, and blobs it makes.
SELF_CONTAINED_SCHEMES = ("data:", "blob:", "about:")


class BrowserUnavailable(Exception):
    """Chromium or chromedriver could not be started: the environment's fault, not the page's."""


class OverallTimeout(Exception):
    pass


class WebDriverError(Exception):
    pass


class Deadline:
    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def remaining(self, cap=None):
        left = max(0.5, self.end - time.monotonic())
        return min(left, cap) if cap else left


class WebDriverClient:
    """The few W3C WebDriver (and chromedriver extension) calls this check needs."""

    def __init__(self, base_url, deadline):
        self.base_url = base_url
        self.deadline = deadline
        self.session_id = None

    def request(self, method, path, body=None, timeout=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=timeout or self.deadline.remaining()) as reply:
                return json.loads(reply.read() or b"{}").get("value")
        except urllib.error.HTTPError as error:
            try:
                value = json.loads(error.read()).get("value", {})
                message = value.get("message", "").splitlines()[0]
                reason = message if message.startswith(value.get("error", "")) else f"{value.get('error')}: {message}"
            except (ValueError, AttributeError, IndexError):
                reason = str(error)
            raise WebDriverError(f"{method} {path}: {reason}") from None
        except (urllib.error.URLError, OSError) as error:
            raise WebDriverError(f"{method} {path}: {error}") from None

    def session_call(self, method, path, body=None):
        try:
            return self.request(method, f"/session/{self.session_id}{path}", body)
        except WebDriverError as error:
            # The session id says nothing to a reader: name the command only.
            raise WebDriverError(str(error).replace(f"/session/{self.session_id}", "")) from None

    def execute(self, script, *args):
        return self.session_call("POST", "/execute/sync", {"script": script, "args": list(args)})

    def cdp(self, command, params=None):
        return self.session_call("POST", "/goog/cdp/execute", {"cmd": command, "params": params or {}})

    def log(self, log_type):
        return self.session_call("POST", "/se/log", {"type": log_type}) or []


class CheckList:
    """One printed line per check; failures are remembered for the exit status."""

    def __init__(self):
        self.failures = []
        self.count = 0

    def record(self, name, passed, detail):
        self.count += 1
        print(f"{'PASS' if passed else 'FAIL'} {name}: {detail}", flush=True)
        if not passed:
            self.failures.append(f"{name}: {detail}")


def free_local_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_executable(path, debian_package):
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        raise BrowserUnavailable(f"{path} not found or not executable (Debian: apt-get install {debian_package})")


def start_chromedriver(chromedriver, workdir, deadline):
    port = free_local_port()
    log_path = workdir / "chromedriver.log"
    with open(log_path, "wb") as log_file:
        # A session of its own, so that shutting it down reaches Chromium and its helpers too.
        process = subprocess.Popen([chromedriver, f"--port={port}", f"--log-path={log_path}"],
                                   stdin=subprocess.DEVNULL, stdout=log_file, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    client = WebDriverClient(f"http://127.0.0.1:{port}", deadline)
    ready_by = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < ready_by:
        if process.poll() is not None:
            raise BrowserUnavailable(f"chromedriver exited with status {process.returncode} before "
                                     f"it was ready ({tail_of(log_path)})")
        try:
            if (client.request("GET", "/status", timeout=2) or {}).get("ready"):
                return process, client
        except WebDriverError:
            pass
        time.sleep(0.1)
    stop_process_group(process)
    raise BrowserUnavailable(f"chromedriver did not answer on port {port} within {STARTUP_TIMEOUT_S} s "
                             f"({tail_of(log_path)})")


def tail_of(path, lines=3):
    try:
        text = pathlib.Path(path).read_text(errors="replace").strip().splitlines()
    except OSError:
        return "no log"
    return " | ".join(text[-lines:]) or "empty log"


def start_session(client, chromium, profile_dir):
    capabilities = {
        "browserName": "chrome",
        # Return from navigation at DOMContentLoaded and wait for "complete" here, so that a
        # page stuck on a resource is reported as such instead of hanging the navigation.
        "pageLoadStrategy": "eager",
        # A page whose scripts never yield fails here instead of holding the browser.
        "timeouts": {"pageLoad": LOAD_TIMEOUT_S * 1000, "script": SCRIPT_TIMEOUT_S * 1000},
        "goog:loggingPrefs": {"browser": "ALL", "performance": "ALL"},
        "goog:chromeOptions": {
            "binary": chromium,
            "args": CHROMIUM_FLAGS + [f"--user-data-dir={profile_dir}",
                                      f"--window-size={WINDOW_WIDTH_PX},{WINDOW_HEIGHT_PX}"],
            "perfLoggingPrefs": {"enableNetwork": True, "enablePage": False},
        },
    }
    try:
        reply = client.request("POST", "/session", {"capabilities": {"alwaysMatch": capabilities}},
                               timeout=client.deadline.remaining(STARTUP_TIMEOUT_S + 10))
    except WebDriverError as error:
        raise BrowserUnavailable(f"chromium did not start: {error}") from None
    client.session_id = reply["sessionId"]
    return reply["capabilities"].get("browserVersion", "unknown version")


def live_group_members(group_id):
    """Processes of the group that still run (zombies wait only for their parent to reap them)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = pathlib.Path("/proc", entry, "stat").read_text()
        except OSError:
            continue
        state, _parent, group = stat[stat.rindex(")") + 2:].split()[:3]
        if int(group) == group_id and state != "Z":
            members.append(int(entry))
    return members


def stop_process_group(process):
    """Stops chromedriver and the Chromium it started: they share the group made for it."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        gone_by = time.monotonic() + 5
        while time.monotonic() < gone_by:
            process.poll()
            if not live_group_members(process.pid):
                process.wait(timeout=1)  # chromedriver has exited: reap it now, not at init's leisure
                return
            time.sleep(0.05)


def wait_until_loaded(client, checks):
    started = time.monotonic()
    state = None
    while time.monotonic() - started < LOAD_TIMEOUT_S:
        state = client.execute("return document.readyState")
        if state == "complete":
            # Two animation frames: layout is done and anything scheduled at load has run.
            client.session_call("POST", "/execute/async", {
                "script": "const done = arguments[0];"
                          "requestAnimationFrame(function () { requestAnimationFrame(done); });",
                "args": []})
            checks.record("load", True, f"document complete after {time.monotonic() - started:.1f} s")
            return
        time.sleep(0.1)
    checks.record("load", False, f"document.readyState is still {state!r} after {LOAD_TIMEOUT_S} s "
                                 "(a resource the page waits for never arrived)")


def check_console(client, checks):
    entries = client.log("browser")
    errors = [entry for entry in entries if entry.get("level") == "SEVERE"]
    if errors:
        shown = "; ".join(entry.get("message", "").strip() for entry in errors[:5])
        more = f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""
        checks.record("console", False, f"{len(errors)} error(s): {shown}{more}")
    else:
        checks.record("console", True, f"no errors ({len(entries)} other message(s))")


def check_network(client, checks, page_url):
    # Only what this document asked for: the log also holds the browser's own start page.
    requested = {}
    failed = []
    for entry in client.log("performance"):
        try:
            event = json.loads(entry["message"])["message"]
        except (KeyError, ValueError):
            continue
        params = event.get("params", {})
        if event.get("method") == "Network.requestWillBeSent" and params.get("documentURL") == page_url:
            url = params.get("request", {}).get("url", "")
            if url != page_url and not url.startswith(SELF_CONTAINED_SCHEMES):
                requested[params.get("requestId")] = url
        elif event.get("method") == "Network.loadingFailed" and params.get("requestId") in requested:
            failed.append(f"{requested[params['requestId']]} ({params.get('errorText', 'unknown error')})")
    # Resource Timing sees what the page fetched even where the log would miss it.
    timed = client.execute("return performance.getEntriesByType('resource').map(e => e.name);") or []
    urls = list(dict.fromkeys(list(requested.values()) +
                              [url for url in timed if not url.startswith(SELF_CONTAINED_SCHEMES)]))
    if urls:
        detail = f"requested {len(urls)} resource(s) beyond the file: {', '.join(urls[:5])}"
        if failed:
            detail += f"; failed: {', '.join(failed[:5])}"
        checks.record("network", False, detail)
    else:
        checks.record("network", True, "no requests beyond the file itself")


def check_charts(client, checks, expected):
    figures = client.execute(DESCRIBE_FIGURES_SCRIPT, DRAWN_SHAPES) or []
    charts = [figure for figure in figures if figure["is_chart"]]
    names = [figure["chart"] for figure in charts]
    for name in expected:
        if name not in names:
            checks.record(f"chart {name}", False, f'no <figure class="chart" data-chart="{name}"> on the page')
    # Every chart on the page is checked, expected or not: an extra chart that renders empty is
    # as much a defect as a missing one.
    for figure in charts:
        name = figure["chart"] if figure["chart"] else "(no data-chart)"
        problems = []
        if not figure["chart"]:
            problems.append("the figure has no data-chart name")
        if not figure["has_svg"]:
            problems.append("no <svg> inside")
        else:
            if not (figure["width"] > 0 and figure["height"] > 0):
                problems.append(f"the svg box is {figure['width']:.0f}x{figure['height']:.0f} px")
            if not figure["visible"]:
                problems.append("the svg is hidden")
            if figure["drawn"] == 0:
                problems.append(f"nothing drawn ({figure['empty']} shape(s) of empty extent)")
        origin = "" if figure["chart"] in expected else " (not expected, checked anyway)"
        if problems:
            checks.record(f"chart {name}", False, "; ".join(problems) + origin)
        else:
            checks.record(f"chart {name}", True, f"svg {figure['width']:.0f}x{figure['height']:.0f} px, "
                                                 f"{figure['drawn']} drawn shape(s){origin}")
    plain_figures = len(figures) - len(charts)
    duplicates = sorted({name for name in names if name and names.count(name) > 1})
    summary = f"{len(charts)} chart(s) on the page, {len(expected)} expected"
    if plain_figures:
        summary += f", {plain_figures} figure(s) without class=\"chart\" (not checked)"
    if duplicates:
        summary += f", repeated: {', '.join(duplicates)}"
    print(f"INFO charts: {summary}", flush=True)


def check_visible_text(client, checks):
    text = client.execute(VISIBLE_TEXT_SCRIPT) or ""
    leaks = LEAKED_VALUE_PATTERN.findall(text)
    if leaks:
        first = LEAKED_VALUE_PATTERN.search(text)
        context = " ".join(text[max(0, first.start() - 40):first.end() + 40].split())
        checks.record("text", False, f"{len(leaks)} leaked value(s) ({', '.join(sorted(set(leaks)))}), "
                                     f"first in: \"{context}\"")
    else:
        checks.record("text", True, f"{len(text.split())} words, no NaN/undefined/[object Object]")


def png_inked_rows(png):
    """(width, height, share of rows that are not blank) of a PNG.

    PNG rows are stored filtered: a row equal to its left or upper neighbour pixel by pixel
    becomes zeros, so a blank page is all zeros but for each row's filter-type byte, while
    text, axes and data leave non-zero bytes in the rows they cross."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("no PNG signature")
    position, idat, header = 8, [], None
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        body = png[position + 8:position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        position += 12 + length
    width, height, bit_depth, color_type, _compression, _filter, interlace = header
    if interlace:
        raise ValueError("interlaced PNG")
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[color_type]
    row_bytes = 1 + (width * channels * bit_depth + 7) // 8
    pixels = zlib.decompress(b"".join(idat))
    inked = sum(1 for row in range(height)
                if pixels.count(0, row * row_bytes + 1, (row + 1) * row_bytes) != row_bytes - 1)
    return width, height, inked / max(1, height)


def take_screenshot(client, checks, out_path):
    metrics = client.cdp("Page.getLayoutMetrics")
    content = metrics.get("cssContentSize") or metrics["contentSize"]
    width = max(WINDOW_WIDTH_PX, int(content["width"]))
    height = int(content["height"])
    clipped = height > MAX_SCREENSHOT_HEIGHT_PX
    height = min(height, MAX_SCREENSHOT_HEIGHT_PX)
    shot = client.cdp("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    png = base64.b64decode(shot["data"])
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(png)
    try:
        shot_width, shot_height, inked = png_inked_rows(png)
    except (ValueError, KeyError, TypeError, struct.error, zlib.error) as error:
        checks.record("screenshot", False, f"{out_path} is not a readable PNG ({error})")
        return
    problems = []
    if len(png) < MIN_SCREENSHOT_BYTES:
        problems.append(f"only {len(png)} bytes (at least {MIN_SCREENSHOT_BYTES} expected)")
    if inked < MIN_SCREENSHOT_INKED_ROWS:
        problems.append(f"almost blank (at least {MIN_SCREENSHOT_INKED_ROWS:.0%} of rows inked expected)")
    detail = f"{out_path} {shot_width}x{shot_height} px, {len(png) / 1024:.0f} KiB, {inked:.0%} of rows inked"
    if clipped:
        detail += f" (the page is {int(content['height'])} px tall: the top {MAX_SCREENSHOT_HEIGHT_PX} px)"
    checks.record("screenshot", not problems, detail + ("; " + "; ".join(problems) if problems else ""))


def on_overall_timeout(signum, frame):
    raise OverallTimeout()


def run_checks(args, workdir, deadline, checks):
    chromedriver_process = None
    client = None
    # The last resort behind every per-request timeout: whatever hangs, the finally block
    # below still stops chromedriver and Chromium.
    signal.signal(signal.SIGALRM, on_overall_timeout)
    signal.alarm(OVERALL_TIMEOUT_S + 5)
    try:
        require_executable(args.chromium, "chromium")
        require_executable(args.chromedriver, "chromium-driver")
        chromedriver_process, client = start_chromedriver(args.chromedriver, workdir, deadline)
        version = start_session(client, args.chromium, workdir / "profile")
        print(f"INFO browser: Chromium {version}, window {WINDOW_WIDTH_PX}x{WINDOW_HEIGHT_PX}", flush=True)
        page_url = args.html.resolve().as_uri()
        for log_type in ("browser", "performance"):
            client.log(log_type)  # what the browser logged before the page is not the page's
        client.session_call("POST", "/url", {"url": page_url})
        wait_until_loaded(client, checks)
        check_console(client, checks)
        check_network(client, checks, page_url)
        check_charts(client, checks, args.expect_chart)
        check_visible_text(client, checks)
        take_screenshot(client, checks, args.screenshot)
    finally:
        signal.alarm(0)  # the shutdown is bounded by its own timeouts and must not be cut short
        if client is not None and client.session_id is not None:
            try:
                client.request("DELETE", f"/session/{client.session_id}", timeout=5)
            except WebDriverError:
                pass  # chromedriver's process group is stopped below either way
        if chromedriver_process is not None:
            stop_process_group(chromedriver_process)


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=pathlib.Path, required=True, help="the report to open")
    parser.add_argument("--expect-chart", action="append", default=[], metavar="NAME",
                        help="a data-chart name that must be on the page (repeatable)")
    parser.add_argument("--screenshot", type=pathlib.Path, required=True, help="where to write the PNG")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--chromedriver", default="/usr/bin/chromedriver")
    return parser.parse_args()


def main():
    args = parse_arguments()
    if not args.html.is_file():
        print(f"FAIL html: {args.html} does not exist", flush=True)
        return 1
    started = time.monotonic()
    deadline = Deadline(OVERALL_TIMEOUT_S)
    checks = CheckList()
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="check-html-"))
    try:
        run_checks(args, workdir, deadline, checks)
    except BrowserUnavailable as error:
        print(f"ERROR browser: {error}", flush=True)
        return 2
    except OverallTimeout:
        checks.record("time", False, f"the checks did not finish within {OVERALL_TIMEOUT_S} s")
    except WebDriverError as error:
        checks.record("webdriver", False, str(error))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    elapsed = time.monotonic() - started
    if checks.failures:
        print(f"checker: {len(checks.failures)} of {checks.count} check(s) failed in {elapsed:.1f} s", flush=True)
        return 1
    print(f"checker: all {checks.count} check(s) passed in {elapsed:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
