#!/usr/bin/env python3
"""Performance measurements of kratos-ui against a canned Kratos, on loopback only.

  perf.py budgets   CI budgets: first visit of every page <= 100 KB in <= 6 requests, branded with a 10 KB
                    logo; one Kratos call per view (two for /sessions)
  perf.py bench     the full benchmark table (also written to BENCHMARKS.md)
  perf.py observability   one row of it: throughput with JSON request logs and metrics on and off
  perf.py languages       one row of it: throughput of /settings in English, German and Arabic

Expects release builds: target/release/kratos-ui, target/site, target/release/examples/canned_kratos.
Every load run is bounded in time; every process started here is stopped here.
"""
import datetime
import json
import os
import platform
import re
import socket
import subprocess
import sys
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.environ.get("KRATOS_FIXTURES_DIR", os.path.join(ROOT, "tests", "fixtures"))
# The largest recorded settings flow, for load and render cost.
FLOW_FILE = os.path.join(FIXTURES, "ory", "elements-stubs", "settings-flow-all-2fa-initial.json")
# The session the sessions page shows as this device (the canned Kratos adds three others).
SESSION_FILE = os.path.join(FIXTURES, "kratos-v1.3.1", "sessions", "whoami-aal2-backup-code.json")
# What real Kratos sent for a new sign-up, recovery and verification flow.
FLOW_FILES = {
    f"/self-service/{kind}/browser": os.path.join(FIXTURES, "kratos-v1.3.1", kind, "initial.json")
    for kind in ("registration", "recovery", "verification")
}
CANNED_ADDR = ("127.0.0.1", 4455)
APP_ADDR = ("127.0.0.1", 3100)
BUDGET_BYTES = 100 * 1024
BUDGET_REQUESTS = 6
BASELINE = os.path.join(ROOT, "scripts", "first-visit-baseline.json")


def flow_id():
    with open(FLOW_FILE) as f:
        return json.load(f)["id"]


def url(addr, path):
    return f"http://{addr[0]}:{addr[1]}{path}"


def wait_http(u, timeout=10.0, step=0.002):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(u, timeout=1) as r:
                if r.status == 200:
                    return True
        except Exception:
            time.sleep(step)
    return False


def port_free(addr):
    with socket.socket() as s:
        return s.connect_ex(addr) != 0


class Stack:
    """The canned Kratos and the app in front of it (with `env` added to the app's environment)."""

    def __init__(self, env=None):
        self.extra_env = env or {}

    def __enter__(self):
        for addr in (CANNED_ADDR, APP_ADDR):
            if not port_free(addr):
                sys.exit(f"perf: {addr[0]}:{addr[1]} is in use; stop whatever listens there")
        self.canned = subprocess.Popen(
            [os.path.join(ROOT, "target/release/examples/canned_kratos"), FLOW_FILE, "%s:%d" % CANNED_ADDR,
             SESSION_FILE, *(f"{path}={file}" for path, file in FLOW_FILES.items())],
            stdout=subprocess.DEVNULL)
        if not wait_http(url(CANNED_ADDR, "/__count")):
            sys.exit("perf: the canned Kratos did not start")
        env = dict(os.environ, KRATOS_PUBLIC_URL=url(CANNED_ADDR, ""), LEPTOS_SITE_ADDR="%s:%d" % APP_ADDR,
                   LEPTOS_SITE_ROOT="target/site", KRATOS_UI_URL=url(APP_ADDR, ""), **self.extra_env)
        started = time.monotonic()
        self.app = subprocess.Popen([os.path.join(ROOT, "target/release/kratos-ui")], cwd=ROOT, env=env,
                                    stdout=subprocess.DEVNULL)
        if not wait_http(url(APP_ADDR, "/health/alive")):
            sys.exit("perf: kratos-ui did not start")
        self.startup_ms = (time.monotonic() - started) * 1000
        return self

    def __exit__(self, *exc):
        for p in (self.app, self.canned):
            p.terminate()
            try:
                p.wait(5)
            except subprocess.TimeoutExpired:
                p.kill()

    def kratos_calls(self):
        with urllib.request.urlopen(url(CANNED_ADDR, "/__count")) as r:
            return int(r.read())

    def rss_kb(self, field="VmRSS"):
        with open(f"/proc/{self.app.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0


def settings_path():
    return f"/settings?flow={flow_id()}"


def calls_per_view(stack, views=20, path=None):
    before = stack.kratos_calls()
    for _ in range(views):
        with urllib.request.urlopen(url(APP_ADDR, path or settings_path())) as r:
            assert r.status == 200, r.status
            r.read()
    return (stack.kratos_calls() - before) / views


def first_visit(extra=(), path=None):
    out = os.path.join(ROOT, "target", "first-visit.json")
    cmd = ["node", os.path.join(ROOT, "scripts", "first-visit.mjs"), url(APP_ADDR, path or settings_path()), "--json", out,
           *extra]
    rc = subprocess.call(cmd, cwd=ROOT)
    with open(out) as f:
        return rc, json.load(f)


def wrk(target, connections, seconds, headers=()):
    threads = min(2, connections)
    extra = [arg for h in headers for arg in ("-H", h)]
    res = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "--latency",
                          *extra, target],
                         capture_output=True, text=True, timeout=seconds + 30)
    text = res.stdout

    def ms(label):
        m = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        if not m:
            return float("nan")
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v

    rps = re.search(r"Requests/sec:\s+([\d.]+)", text)
    done = re.search(r"^\s*(\d+) requests in", text, re.M)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, sock.groups())) if sock else 0)
    return {"rps": float(rps.group(1)) if rps else 0.0, "p50_ms": ms("50"), "p99_ms": ms("99"), "errors": errors,
            "requests": int(done.group(1)) if done else 0}


def cpu_seconds(pid):
    """User + system CPU time a process has used so far."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def app_load(stack, target, connections, seconds, rounds):
    """`rounds` wrk runs; the median by req/s, with the spread and the app's CPU per request.

    The machines this runs on are shared and their speed drifts by a fifth from minute to minute,
    so one run says little; the median of several, with min and max beside it, says more."""
    runs = []
    for _ in range(rounds):
        before = cpu_seconds(stack.app.pid)
        r = wrk(target, connections, seconds)
        r["cpu_us"] = (cpu_seconds(stack.app.pid) - before) * 1e6 / max(r["requests"], 1)
        runs.append(r)
    runs.sort(key=lambda r: r["rps"])
    median = dict(runs[len(runs) // 2])
    median["min_rps"], median["max_rps"] = runs[0]["rps"], runs[-1]["rps"]
    median["errors"] = sum(r["errors"] for r in runs)
    median["rounds"] = rounds
    return median


# Request log and metrics off (only warnings logged), and both on as an operator would run them.
QUIET = {"RUST_LOG": "warn"}
OBSERVED = {"RUST_LOG": "info", "KRATOS_UI_LOG_FORMAT": "json", "KRATOS_UI_METRICS_ADDR": "127.0.0.1:3109"}


def observability_cost(seconds, rounds):
    """Throughput at 32 connections without and with JSON request logs and metrics, in alternating
    runs (A B A B …) so that the machine's drift falls on both alike; the medians of each."""
    runs = {"quiet": [], "observed": []}
    for _ in range(rounds):
        for name, env in (("quiet", QUIET), ("observed", OBSERVED)):
            with Stack(env) as stack:
                calls_per_view(stack, 5)
                runs[name].append(wrk(url(APP_ADDR, settings_path()), 32, seconds)["rps"])
    median = {k: sorted(v)[len(v) // 2] for k, v in runs.items()}
    median["cost_pct"] = (1 - median["observed"] / median["quiet"]) * 100 if median["quiet"] else float("nan")
    return median


def language_cost(seconds, rounds):
    """Throughput at 32 connections of `/settings` in English, German and Arabic (Accept-Language),
    in alternating runs against one server; the medians of each, and each language's cost against
    English."""
    langs = ("en", "de", "ar")
    runs = {lang: [] for lang in langs}
    with Stack() as stack:
        calls_per_view(stack, 5)
        for _ in range(rounds):
            for lang in langs:
                runs[lang].append(wrk(url(APP_ADDR, settings_path()), 32, seconds, [f"Accept-Language: {lang}"])["rps"])
    median = {k: sorted(v)[len(v) // 2] for k, v in runs.items()}
    for lang in langs[1:]:
        median[f"{lang}_cost_pct"] = (1 - median[lang] / median["en"]) * 100 if median["en"] else float("nan")
    return median


# Budgets hold for a branded app: a 10 KB logo, a name, an accent colour (one stylesheet still).
BRANDED = {"KRATOS_UI_LOGO": os.path.join(ROOT, "end2end", "brand", "logo.svg"),
           "KRATOS_UI_PRODUCT_NAME": "Acme", "KRATOS_UI_ACCENT_COLOR": "#b5179e"}


def budgets():
    failures = []
    checks = 0
    with Stack(BRANDED) as stack:
        # (page, Kratos calls a view must make, baseline to explain growth against)
        pages = ((settings_path(), 1, BASELINE), ("/sessions", 2, None), ("/registration", 1, None),
                 ("/recovery", 1, None), ("/verification", 1, None))
        for path, calls, baseline in pages:
            per_view = calls_per_view(stack, path=path)
            print(f"Kratos calls per view of {path}: {per_view:g} (budget {calls})")
            if per_view != calls:
                failures.append(f"a view of {path} made {per_view:g} Kratos calls (budget: exactly {calls})")
            extra = ["--budget-bytes", str(BUDGET_BYTES), "--budget-requests", str(BUDGET_REQUESTS)]
            if baseline:
                extra += ["--baseline", baseline]
            rc, visit = first_visit(extra, path)
            print(f"first visit of {path}: {visit['total_bytes']} B in {visit['requests']} requests")
            if rc != 0:
                failures.append(f"first visit of {path}: {visit['total_bytes']} B in {visit['requests']} requests "
                                f"(budget {BUDGET_BYTES} B in {BUDGET_REQUESTS}); see the lines above for what grew")
            checks += 2
    for f in failures:
        print("BUDGET FAILED:", f, file=sys.stderr)
    print("budgets: %d passed, %d failed" % (checks - len(failures), len(failures)))
    return 1 if failures else 0


def machine():
    cpu = "unknown cpu"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return f"{os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}"


def criterion():
    res = subprocess.run(["cargo", "bench", "--features", "ssr", "--bench", "render", "--", "--noplot"],
                         cwd=ROOT, capture_output=True, text=True)
    rows = []
    for m in re.finditer(r"^(.+?)\s*\n?\s+time:\s+\[([\d.]+ \S+) ([\d.]+ \S+) ([\d.]+ \S+)\]", res.stdout, re.M):
        rows.append((m.group(1).strip(), m.group(3)))
    return rows


def bench():
    seconds = int(os.environ.get("BENCH_SECONDS", "15"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    fid = flow_id()
    results = {}
    with Stack() as stack:
        results["startup_ms"] = stack.startup_ms
        calls_per_view(stack, 5)
        results["rss_idle_kb"] = stack.rss_kb()
        results["calls_per_view"] = calls_per_view(stack)
        for c in (1, 32):
            results[f"app_c{c}"] = app_load(stack, url(APP_ADDR, settings_path()), c, seconds, rounds)
        results["rss_peak_kb"] = stack.rss_kb("VmHWM")
        for c in (1, 32):
            results[f"kratos_c{c}"] = wrk(url(CANNED_ADDR, f"/self-service/settings/flows?id={fid}"), c, seconds)
        _, visit = first_visit()
        results["visit"] = visit
    results["observability"] = observability_cost(seconds, rounds)
    results["languages"] = language_cost(seconds, rounds)
    results["criterion"] = criterion()

    lines = [
        f"# Benchmarks",
        "",
        f"Measured {datetime.date.today().isoformat()} on {machine()} with `scripts/bench` "
        f"({seconds} s per load run, wrk on loopback, the app in front of a canned Kratos serving "
        f"`{os.path.relpath(FLOW_FILE, ROOT)}` from memory; app figures are the median of {rounds} runs, "
        f"with the lowest and highest req/s beside it). Targets from the performance issue in brackets.",
        "",
        "| measurement | kratos-ui | canned Kratos alone |",
        "|---|---|---|",
    ]
    for c in (1, 32):
        a, k = results[f"app_c{c}"], results[f"kratos_c{c}"]
        lines.append(f"| `GET /settings?flow=` req/s, {c} connection{'s' if c > 1 else ''} | {a['rps']:.0f}"
                     f" (runs: {a['min_rps']:.0f}–{a['max_rps']:.0f}){' [≥ 5000]' if c == 32 else ''} | {k['rps']:.0f} |")
        lines.append(f"| p50 / p99 latency, {c} connection{'s' if c > 1 else ''} | {a['p50_ms']:.2f} ms / {a['p99_ms']:.2f} ms"
                     f"{' [p50 ≤ 0.5 ms]' if c == 1 else ''} | {k['p50_ms']:.2f} ms / {k['p99_ms']:.2f} ms |")
        lines.append(f"| errors (non-2xx, socket), {c} connection{'s' if c > 1 else ''}, all runs | {a['errors']} [0] | {k['errors']} |")
        lines.append(f"| app CPU time per view, {c} connection{'s' if c > 1 else ''} | {a['cpu_us']:.0f} µs | |")
    lines += [
        f"| RSS idle / peak under load | {results['rss_idle_kb'] / 1024:.1f} MB / {results['rss_peak_kb'] / 1024:.1f} MB [≤ 30 MB] | |",
        f"| start to first answered request | {results['startup_ms']:.0f} ms [≤ 100 ms] | |",
        f"| Kratos calls per settings view | {results['calls_per_view']:g} [1] | |",
    ]
    o = results["observability"]
    lines.append(f"| JSON request log and metrics on, 32 connections | {o['observed']:.0f} req/s against {o['quiet']:.0f} "
                 f"with both off: {o['cost_pct']:.1f} % fewer [≤ 5 %] | |")
    g = results["languages"]
    lines.append(f"| `/settings` in German / Arabic, 32 connections | {g['de']:.0f} / {g['ar']:.0f} req/s against {g['en']:.0f} "
                 f"in English: {g['de_cost_pct']:.1f} % / {g['ar_cost_pct']:.1f} % fewer [≤ 10 %] | |")
    v = results["visit"]
    kinds = ", ".join(f"{k} {b / 1024:.1f} KB" for k, b in sorted(v["by_kind"].items()))
    lines += [
        f"| first visit of `/settings` (Chromium, JS on, over the wire) | {v['total_bytes'] / 1024:.1f} KB in {v['requests']} requests [≤ 100 KB, ≤ 6] | |",
        f"| … per kind | {kinds}; fonts 0 KB | |",
    ]
    for name, t in results["criterion"]:
        lines.append(f"| criterion: {name} | {t} (median) | |")
    table = "\n".join(lines) + "\n"
    print(table)
    with open(os.path.join(ROOT, "BENCHMARKS.md"), "w") as f:
        f.write(table + "\nFirst-visit files:\n\n" + "\n".join(
            f"- {r['kind']} {r['bytes']} B ({r['encoding'] or 'identity'}) `{r['url']}`" for r in v["files"]) + "\n")
    with open(BASELINE, "w") as f:
        json.dump({"requests": v["requests"], "total_bytes": v["total_bytes"], "by_kind": v["by_kind"]}, f, indent=2)
    return 0


if __name__ == "__main__":
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "budgets":
        sys.exit(budgets())
    if cmd == "bench":
        sys.exit(bench())
    # One measurement of the table alone, printed.
    if cmd == "observability":
        print(observability_cost(int(os.environ.get("BENCH_SECONDS", "10")), int(os.environ.get("BENCH_ROUNDS", "5"))))
        sys.exit(0)
    if cmd == "languages":
        print(language_cost(int(os.environ.get("BENCH_SECONDS", "10")), int(os.environ.get("BENCH_ROUNDS", "5"))))
        sys.exit(0)
    sys.exit(__doc__)
