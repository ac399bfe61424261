"""Photographs the server's live status page in headless Chromium while transfers run.

Usage: python3 status_shot.py [--bars N] [--ready FILE] [--timeout S] URL PNG

Opens URL (the server's /status) in headless Chromium, which polls /status.json in real
time as any browser does. Once the page shows its first poll, prints one line and creates
FILE (so the caller can start the transfers). At the first poll after which the page
shows at least N progress bars (the transfers in flight whose request has been read:
<progress max=...> in the <tr class="transfer"> rows of #in-flight), the page stops
polling; its picture, down to the end of that list, goes to PNG, and a line says how
many bars and rows it shows.
Exits 1, with no picture, if that does not happen within S seconds (default 90).

Chromium's own --screenshot cannot do this: it photographs once the page has loaded and
its virtual time has run out, at a moment chosen by how fast Chromium starts, which on a
machine busy with 50 client JVMs is after their transfers have ended. Here Chromium is
driven through the DevTools protocol on a pipe (--remote-debugging-pipe: commands on its
fd 3, answers on its fd 4, each a JSON message ended by a NUL byte), with nothing but the
standard library. Its profile is a temporary directory, removed on exit.
"""

import argparse
import base64
import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROWS = "document.querySelectorAll('#in-flight tr.transfer').length"
# The rows with a progress bar: a transfer whose request is still being read has none yet.
BARS = "document.querySelectorAll('#in-flight tr.transfer progress[max]').length"
UPDATED = "document.getElementById('updated').textContent"
# Where the table of transfers in flight ends, in CSS pixels from the top of the page.
IN_FLIGHT_BOTTOM = "Math.ceil(document.getElementById('in-flight').closest('table').getBoundingClientRect().bottom)"
# Watches the page's list of transfers. At the first poll that renders at least N bars, it
# stops the page's polls, so what it shows stays as that poll rendered it: a mutation
# observer runs right after the rendering, before the page starts its next poll, and from
# then on the page's fetch() never completes (so no error shows either). The counts go
# to window.statusShot.
FREEZE = """(() => {
  const body = document.getElementById('in-flight');
  const count = (selector) => body.querySelectorAll(selector).length;
  const observer = new MutationObserver(() => {
    if (count('tr.transfer progress[max]') < %d) return;
    observer.disconnect();
    window.fetch = () => new Promise(() => {});
    window.statusShot = [count('tr.transfer progress[max]'), count('tr.transfer')];
  });
  observer.observe(body, { childList: true });
})()"""


class Browser:
    """Headless Chromium with one page, driven over the DevTools pipe."""

    def __init__(self, url, width, height, scale):
        self.profile = tempfile.mkdtemp(prefix="status-shot-")
        self.width, self.height, self.scale = width, height, scale
        to_browser, self.commands = os.pipe()
        self.answers, from_browser = os.pipe()

        def onto_3_and_4():
            # By way of fds above 4, so that neither pipe end overwrites the other.
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_browser, from_browser)]
            os.dup2(high[0], 3)
            os.dup2(high[1], 4)

        self.process = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars", "--remote-debugging-pipe",
             f"--user-data-dir={self.profile}", f"--window-size={width},{height}",
             f"--force-device-scale-factor={scale}", url],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=onto_3_and_4, pass_fds=(3, 4))
        os.close(to_browser)
        os.close(from_browser)
        self.buffer = b""
        self.next_id = 0
        self.session = None

    def call(self, method, params=None, session=True):
        """Sends one command and returns its result (events on the way are skipped)."""
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self.buffer:
                chunk = os.read(self.answers, 65536)
                if not chunk:
                    raise RuntimeError("Chromium closed its DevTools pipe")
                self.buffer += chunk
            raw, self.buffer = self.buffer.split(b"\0", 1)
            answer = json.loads(raw)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error'].get('message')}")
                return answer["result"]

    def attach(self, url, deadline):
        """Attaches to the page Chromium opened for URL."""
        while time.monotonic() < deadline:
            for target in self.call("Target.getTargets", session=False)["targetInfos"]:
                if target["type"] == "page" and target["url"].startswith(url):
                    self.session = self.call("Target.attachToTarget", {
                        "targetId": target["targetId"], "flatten": True}, session=False)["sessionId"]
                    # The window's size is not the page's: set the page's own, exactly.
                    self.call("Emulation.setDeviceMetricsOverride", {
                        "width": self.width, "height": self.height,
                        "deviceScaleFactor": self.scale, "mobile": False})
                    return
            time.sleep(0.1)
        raise RuntimeError(f"Chromium opened no page for {url}")

    def evaluate(self, expression):
        """The value of a JavaScript EXPRESSION in the page (None until the page has it)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result["result"].get("value")

    def close(self):
        try:
            self.call("Browser.close", session=False)
            self.process.wait(timeout=10)
        except (RuntimeError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def poll_until(check, deadline):
    """Calls CHECK every 0.1 s until it returns a true value (returned) or DEADLINE passes."""
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bars", type=int, default=30, help="progress bars the page must show")
    parser.add_argument("--ready", help="a file to create once the page shows its first poll")
    parser.add_argument("--timeout", type=float, default=90, help="seconds to wait in all")
    parser.add_argument("--size", default="1280,800", help="the window, in CSS pixels")
    parser.add_argument("--scale", type=float, default=1.5, help="device pixels per CSS pixel")
    parser.add_argument("url")
    parser.add_argument("png")
    args = parser.parse_args()
    # A scene that ends early kills this with SIGTERM: close Chromium and its profile too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    width, height = (int(n) for n in args.size.split(","))
    deadline = time.monotonic() + args.timeout
    browser = Browser(args.url, width, height, args.scale)
    try:
        browser.attach(args.url, deadline)
        if not poll_until(lambda: browser.evaluate(UPDATED) not in (None, "not yet"), deadline):
            print(f"status_shot: {args.url} showed no poll of /status.json", file=sys.stderr)
            return 1
        browser.evaluate(FREEZE % args.bars)
        print(f"Chromium shows {args.url}; its picture once it shows {args.bars} progress bars",
              flush=True)
        if args.ready:
            open(args.ready, "w").close()
        counts = poll_until(lambda: browser.evaluate("window.statusShot"), deadline)
        if not counts:
            print(f"status_shot: the page never showed {args.bars} progress bars "
                  f"in {args.timeout:g} s", file=sys.stderr)
            return 1
        bars, rows = counts
        # Down to the end of the transfers in flight: the list of transfers ended below
        # it would otherwise be cut off by the window's edge in mid-row.
        bottom = browser.evaluate(IN_FLIGHT_BOTTOM)
        picture = browser.call("Page.captureScreenshot", {"format": "png", "clip": {
            "x": 0, "y": 0, "width": width, "height": min(height, bottom + 4), "scale": 1}})["data"]
        if [browser.evaluate(BARS), browser.evaluate(ROWS)] != counts:
            print("status_shot: the page changed while its picture was taken", file=sys.stderr)
            return 1
        with open(args.png, "wb") as out:
            out.write(base64.b64decode(picture))
        print(f"{args.png}: {bars} progress bars, of {rows} transfers in flight, "
              f"polled at {browser.evaluate(UPDATED)}", flush=True)
        return 0 if bars >= args.bars else 1
    finally:
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
