"""Load on the HTTP API: concurrent clients asking dev-set questions through /v1/chat/completions (grounded).

Usage: `.venv/bin/python -m evals.bench_api [--clients 20] [--seconds 60] [--workers N] [--no-chat]`

Starts `rag serve` on a free 127.0.0.1 port as its own process (the real index, an API key required, the chat
mounted unless --no-chat), waits for /healthz, then runs `--clients` threads for `--seconds`, each with its own
keep-alive connection, asking the dev-set questions in turn (client i starts at question i * n / clients, so the
first pass asks different questions at once). Records requests, errors (anything but a 200 with an answer), p50/p95
latency, all and split by a question's first asking (nothing cached) against repeats (the query embedding and
question analysis are cached in the server), and the server's resident memory (VmRSS, sampled every 0.5 s).
Writes evals/reports/bench_api.{json,md} (and the server's log, bench_api_server.log). Not a timed test: the
figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_P95_MS = 1000.0


@dataclass
class Load:
    """What the clients saw: one (latency ms, ok, first asking) per request, and the errors' first lines."""

    samples: list[tuple[float, bool, bool]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    asked: set[str] = field(default_factory=set, repr=False)

    def record(self, question: str, latency_ms: float, error: str = "") -> None:
        with self.lock:
            first = question not in self.asked
            self.asked.add(question)
            self.samples.append((latency_ms, not error, first))
            if error and len(self.errors) < 20:
                self.errors.append(error)


def ask_once(client, question: str, model: str = "grounded") -> str:
    """One chat completion; '' when it answered, else what went wrong (one line)."""
    body = {"model": model, "messages": [{"role": "user", "content": question}]}
    try:
        response = client.post("/v1/chat/completions", json=body)
    except Exception as exc:  # noqa: BLE001 - a client-side failure is an error of the run, recorded
        return f"{type(exc).__name__}: {exc}"
    if response.status_code != 200:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    content = response.json()["choices"][0]["message"]["content"]
    return "" if content else "empty answer"


def drive(base_url: str, questions: Sequence[str], clients: int, seconds: float, key: str = "") -> Load:
    """`clients` threads asking `questions` in turn until `seconds` have passed; a request under way then finishes.

    The clock starts when every client is ready (not while threads and connections are still being set up), and each
    client asks at least once, so a short run on a busy machine still measures every client.
    """
    import httpx

    load = Load()
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    deadline = [0.0]

    def start_clock() -> None:
        deadline[0] = time.monotonic() + seconds

    start = threading.Barrier(clients, action=start_clock)

    def client(i: int) -> None:
        with httpx.Client(base_url=base_url, headers=headers, timeout=120) as http:
            turn = i * len(questions) // clients
            start.wait()
            while True:
                question = questions[turn % len(questions)]
                began = time.perf_counter()
                error = ask_once(http, question)
                load.record(question, (time.perf_counter() - began) * 1000, error)
                turn += 1
                if time.monotonic() >= deadline[0]:
                    break

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    load.seconds = time.monotonic() - began
    return load


def latency(values: Sequence[float]) -> dict:
    from evals.bench import percentile

    if not values:
        return {"count": 0}
    figures = {f"p{q}_ms": round(percentile(values, q), 1) for q in (50, 95, 99)}
    return {"count": len(values), **figures, "max_ms": round(max(values), 1)}


def summarize(load: Load) -> dict:
    ok = [ms for ms, good, _ in load.samples if good]
    return {
        "requests": len(load.samples),
        "errors": sum(1 for _, good, _ in load.samples if not good),
        "seconds": round(load.seconds, 1),
        "requests_per_s": round(len(load.samples) / load.seconds, 2) if load.seconds else 0.0,
        "latency": latency(ok),
        "latency_first_asking": latency([ms for ms, good, first in load.samples if good and first]),
        "latency_repeats": latency([ms for ms, good, first in load.samples if good and not first]),
        "error_examples": load.errors[:5],
    }


def rss_mb(pid: int) -> float:
    """Resident memory of a process (Linux /proc), in MB."""
    with open(f"/proc/{pid}/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used (Linux /proc), in seconds."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class RssSampler(threading.Thread):
    def __init__(self, pid: int, every: float = 0.5):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.stop = pid, every, 0.0, threading.Event()

    def run(self) -> None:
        while not self.stop.wait(self.every):
            try:
                self.peak = max(self.peak, rss_mb(self.pid))
            except OSError:
                return


def start_server(port: int, key: str, workers: int | None, chat: bool, log) -> subprocess.Popen:
    """`rag serve` on `port`, its log written to the open file `log` (a pipe nobody reads would fill and stall it)."""
    command = [sys.executable, "-m", "rag.cli", "serve", "--port", str(port), "--no-rebuild"]
    command += (["--workers", str(workers)] if workers else []) + ([] if chat else ["--no-chat"])
    env = {**os.environ, "RAG_API_KEYS": key}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def wait_ready(base_url: str, server: subprocess.Popen, log_path: Path, timeout: float = 300) -> float:
    import httpx

    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if server.poll() is not None:
            last = log_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
            raise RuntimeError(f"rag serve exited: {' '.join(last)}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=5).status_code == 200:
                return time.monotonic() - began
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"rag serve was not ready in {timeout:.0f} s")


def conditions() -> dict:
    return {"cpus": os.cpu_count(), "load_average": [round(x, 2) for x in os.getloadavg()]}


def markdown(report: dict) -> str:
    run, result = report["run"], report["result"]
    rows = [("all answers", result["latency"]), ("first asking", result["latency_first_asking"])]
    rows.append(("repeats", result["latency_repeats"]))
    table = "\n".join(
        f"| {name} | {lat['count']} | {lat.get('p50_ms', '-')} | {lat.get('p95_ms', '-')} | {lat.get('max_ms', '-')} |"
        for name, lat in rows
    )
    verdict = "met" if result["errors"] == 0 and result["latency"].get("p95_ms", 1e9) < TARGET_P95_MS else "not met"
    return f"""# HTTP API load ({run["clients"]} clients, {run["seconds"]} s, grounded)

`rag serve` ({run["workers"]} workers, chat {"mounted" if run["chat"] else "off"}) on {run["cpus"]} CPUs; load
average {run["load_before"]} before, {run["load_after"]} after. Ready {run["ready_s"]} s after start.

Requests: **{result["requests"]}** ({result["requests_per_s"]} per second), errors: **{result["errors"]}**.
Server memory (VmRSS): {report["rss_mb"]["ready"]} MB when ready, {report["rss_mb"]["peak"]} MB peak; server CPU
time {result["server_cpu_ms_per_request"]} ms per request.

| answers | count | p50 ms | p95 ms | max ms |
| --- | ---: | ---: | ---: | ---: |
{table}

Target (0 errors, p95 under {TARGET_P95_MS:.0f} ms): {verdict}.
"""


def main(argv: list[str] | None = None) -> int:
    from rag.answer.llm import free_port
    from rag.api import DEFAULT_WORKERS

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dataset", type=Path, default=ROOT / "evals" / "dev_set.jsonl")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, help="rag serve --workers (default: its default, one per core)")
    parser.add_argument("--no-chat", action="store_true", help="serve without the chat at /")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "evals" / "reports")
    args = parser.parse_args(argv)

    with args.dataset.open(encoding="utf-8") as file:
        questions = [json.loads(line)["question"] for line in file if line.strip()]
    key, port = secrets.token_urlsafe(24), free_port()
    base_url = f"http://127.0.0.1:{port}"
    args.out_dir.mkdir(parents=True, exist_ok=True)
    log_path = args.out_dir / "bench_api_server.log"
    with log_path.open("w", encoding="utf-8") as log:
        server = start_server(port, key, args.workers, not args.no_chat, log)
    try:
        ready_s = wait_ready(base_url, server, log_path)
        ready_rss = rss_mb(server.pid)
        sampler = RssSampler(server.pid)
        sampler.start()
        load_before = conditions()["load_average"]
        cpu_before = cpu_seconds(server.pid)
        load = drive(base_url, questions, args.clients, args.seconds, key)
        cpu_used = cpu_seconds(server.pid) - cpu_before
        sampler.stop.set()
        sampler.join()
        load_after = conditions()["load_average"]
    finally:
        stop_server(server)
    run = {
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers or DEFAULT_WORKERS,
        "chat": not args.no_chat,
        "questions": len(questions),
        "ready_s": round(ready_s, 1),
        "cpus": os.cpu_count(),
        "load_before": load_before,
        "load_after": load_after,
    }
    result = summarize(load)
    result["server_cpu_ms_per_request"] = round(cpu_used * 1000 / max(1, result["requests"]), 1)
    report = {
        "run": run,
        "result": result,
        "rss_mb": {"ready": round(ready_rss), "peak": round(max(sampler.peak, ready_rss))},
    }
    args.out_dir.mkdir(parents=True, exist_ok=True)
    (args.out_dir / "bench_api.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    text = markdown(report)
    (args.out_dir / "bench_api.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
