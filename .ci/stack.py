#!/usr/bin/env python3
"""Runs the docker-compose topology natively, process by process, and checks what a user would see.

No container engine runs here, so this takes docker-compose.yml at its word: each gradstream service is
started with its compose command and environment through ./gradstream (the same jar the image runs), Kafka
as `gradstream broker` (the same Apache Kafka version the image tag names), Debian's prometheus with the
compose prometheus.yml and the compose flags, and Debian's alertmanager with the compose config. Only host
names change (every compose service is 127.0.0.1; --metrics-host 0.0.0.0 becomes 127.0.0.1), the volumes
become temporary folders, and the trainer trains EPOCHS epochs instead of its compose budget.

Then it asserts: every scrape target is up (the trainer's while it trains), every curve panel's query
returns the runs' series and its history selector holds as many points as the run trained epochs or
batches (what the panel draws zoomed in, when Grafana's step and $__interval reach 1 ms), the alert rules load, Prometheus knows the Alertmanager, and the dead-letter topic
is empty. Exits non-zero on any failure, printing the logs of the processes.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EPOCHS = 3
# The image's jar when .ci/checks.sh built it from the Dockerfile's copy set (run as the image's ENTRYPOINT
# does), else ./gradstream, which builds the same jar from this checkout on first use.
if os.environ.get("GRADSTREAM_JAR"):
    GRADSTREAM = ["java", "--add-modules", "jdk.incubator.vector",
                  "-Dorg.bytedeco.javacpp.cachedir=" + os.environ.get(
                      "GRADSTREAM_NATIVE_CACHE", os.path.expanduser("~/.cache/gradstream/javacpp")),
                  "-jar", os.environ["GRADSTREAM_JAR"]]
else:
    GRADSTREAM = [os.path.join(ROOT, "gradstream")]
HISTORY = re.compile(r"gradstream_history_(\w+)")
BATCH_SERIES = {"step", "batch_loss", "gradient_l2_norm", "gradient_mean_abs", "gradient_max_abs", "update_ratio"}
EPOCH_SERIES = {"epoch", "loss", "accuracy_ratio", "samples_per_second", "epoch_duration_seconds"}

work = tempfile.mkdtemp(prefix="gradstream-stack-")
processes = []  # (name, Popen, log path)


def log(msg):
    print(f"stack: {msg}", flush=True)


def fail(msg):
    log("FAILED: " + msg)
    for name, proc, path in processes:
        print(f"\n---- {name} (exit {proc.poll()}) log tail: {path}")
        with open(path, errors="replace") as f:
            print("".join(f.readlines()[-40:]))
    stop_all()
    sys.exit(1)


def stop_all():
    for name, proc, _ in reversed(processes):
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for name, proc, _ in reversed(processes):
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()


def start(name, argv, env=None):
    path = os.path.join(work, name + ".log")
    out = open(path, "w")
    log(f"{name}: {' '.join(argv)}")
    proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, cwd=work,
                            env={**os.environ, **(env or {})}, start_new_session=True)
    processes.append((name, proc, path))
    return proc


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for(what, check, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        for name, proc, _ in processes:
            if proc.poll() is not None and name != "trainer":
                fail(f"{name} exited with {proc.returncode} while waiting for {what}")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.5)
    fail(f"waited {timeout} s for {what}")


def http_get(url):
    with urllib.request.urlopen(url, timeout=10) as r:
        return r.read().decode()


def promql(query, at=None):
    params = {"query": query}
    if at is not None:
        params["time"] = f"{at:.3f}"
    body = json.loads(http_get(PROMETHEUS + "/api/v1/query?" + urllib.parse.urlencode(params)))
    if body.get("status") != "success":
        fail(f"Prometheus refused {query}: {body}")
    return body["data"]["result"]


def rewrite_hosts(text, services):
    for s in services:
        text = re.sub(rf"\b{re.escape(s)}:(\d+)", r"127.0.0.1:\1", text)
    return text.replace("0.0.0.0", "127.0.0.1").replace("localhost:", "127.0.0.1:")


def copy_config(folder, name, services):
    """dashboards/<folder> copied to the work folder, with the host names in <name> rewritten; its path."""
    target = os.path.join(work, folder)
    shutil.copytree(os.path.join(ROOT, "dashboards", folder), target)
    config = os.path.join(target, name)
    with open(config) as f:
        text = f.read()
    with open(config, "w") as f:
        f.write(rewrite_hosts(text, services))
    return config


def service_argv(command, services, epochs=None, runs_dir=None):
    argv = [rewrite_hosts(str(a), services) for a in command]
    if epochs is not None and "--epochs" in argv:
        argv[argv.index("--epochs") + 1] = str(epochs)
    if runs_dir is not None and "--runs-dir" in argv:
        argv[argv.index("--runs-dir") + 1] = runs_dir
    return argv


def main():
    global PROMETHEUS
    compose = yaml.safe_load(open(os.path.join(ROOT, "docker-compose.yml")))
    services = compose["services"]
    names = list(services)
    for needed in ("kafka", "evaluator", "monitor", "trainer", "prometheus"):
        if needed not in services:
            fail(f"docker-compose.yml has no service '{needed}'")

    log(f"gradstream: {' '.join(GRADSTREAM)}")
    subprocess.run(GRADSTREAM + ["--version"], check=True, stdout=subprocess.DEVNULL)

    # Kafka: the compose listener kafka:9092 becomes 127.0.0.1:9092.
    kafka_port = 9092
    if port_open(kafka_port):
        fail(f"port {kafka_port} (the compose Kafka listener) is already taken")
    start("kafka", GRADSTREAM + ["broker", "--port", str(kafka_port), "--kafka-dir", os.path.join(work, "kafka")])
    wait_for("Kafka on 127.0.0.1:9092", lambda: port_open(kafka_port) and "serving until stopped" in
             open(os.path.join(work, "kafka.log")).read())

    def health_port(name):
        cmd = services[name]["command"]
        return int(cmd[cmd.index("--metrics-port") + 1])

    for name in ("evaluator", "monitor"):
        svc = services[name]
        start(name, GRADSTREAM + service_argv(svc["command"], names), env=svc.get("environment"))

    # Prometheus: the compose flags, its prometheus.yml (and rules) in a temporary copy with host names rewritten.
    config = copy_config("prometheus", "prometheus.yml", names)
    flags = []
    for flag in services["prometheus"].get("command", []):
        if flag.startswith("--config.file="):
            flag = "--config.file=" + config
        elif flag.startswith("--storage.tsdb.path="):
            flag = "--storage.tsdb.path=" + os.path.join(work, "tsdb")
        flags.append(flag)
    prom_port = int(str(services["prometheus"]["ports"][0]).split(":")[-1])
    PROMETHEUS = f"http://127.0.0.1:{prom_port}"
    if not any(f.startswith("--web.enable-remote-write-receiver") for f in flags):
        fail("the compose prometheus does not enable its remote-write receiver (--web.enable-remote-write-receiver)")
    start("prometheus", ["prometheus", *flags, f"--web.listen-address=127.0.0.1:{prom_port}"])

    # Debian names the binary prometheus-alertmanager.
    am_binary = shutil.which("alertmanager") or shutil.which("prometheus-alertmanager")
    if "alertmanager" in services and am_binary:
        am = services["alertmanager"]
        am_config = copy_config("alertmanager", "alertmanager.yml", names)
        am_port = int(str(am["ports"][0]).split(":")[-1])
        start("alertmanager", [am_binary, f"--config.file={am_config}",
                               f"--storage.path={os.path.join(work, 'alertmanager-data')}",
                               f"--web.listen-address=127.0.0.1:{am_port}", "--cluster.listen-address="])
    else:
        log("no alertmanager binary or service: skipping it")

    wait_for("Prometheus ready", lambda: http_get(PROMETHEUS + "/-/ready") is not None)
    for name in ("evaluator", "monitor"):
        wait_for(f"{name} /health UP", lambda n=name: '"UP"' in http_get(f"http://127.0.0.1:{health_port(n)}/health"))

    trainer = services["trainer"]
    runs_dir = os.path.join(work, "runs")
    t0 = time.time()
    proc = start("trainer", GRADSTREAM + service_argv(trainer["command"], names, epochs=EPOCHS, runs_dir=runs_dir),
                 env=trainer.get("environment"))
    trainer_up = False
    while proc.poll() is None:
        for t in promql('up{job=~".*trainer.*"}'):
            trainer_up |= t["value"][1] == "1"
        time.sleep(1)
    if proc.returncode != 0:
        fail(f"the trainer exited with {proc.returncode}")
    log(f"trainer finished in {time.time() - t0:.1f} s")

    # The runs the trainer made, and what each trained.
    expected = {}
    for session in os.listdir(runs_dir):
        for run_dir in os.listdir(os.path.join(runs_dir, session)):
            d = os.path.join(runs_dir, session, run_dir)
            batches = os.path.join(d, "batches.csv")
            if os.path.exists(batches):
                with open(batches) as f:
                    n_batches = sum(1 for _ in f) - 1
                with open(os.path.join(d, "epochs.csv")) as f:
                    n_epochs = sum(1 for _ in f) - 1
                expected[f"{session}-{run_dir}"] = (n_epochs, n_batches)
    if not expected:
        fail(f"no run directories under {runs_dir}")
    log(f"runs trained: {expected}")

    run_regex = "(" + "|".join(expected) + ")"
    deadline = time.time() + 60
    while time.time() < deadline:
        written = {r["metric"]["run"]: float(r["value"][1]) for r in
                   promql(f'count_over_time(gradstream_history_batch_loss{{run=~"{run_regex}"}}[1h])')}
        if all(written.get(run) == b for run, (_, b) in expected.items()):
            break
        time.sleep(1)
    else:
        fail(f"batch points in Prometheus {written}, trained {expected}")

    failures = []
    # Every scrape target up (the trainer's was up while it trained).
    for t in json.loads(http_get(PROMETHEUS + "/api/v1/targets"))["data"]["activeTargets"]:
        job = t["labels"]["job"]
        if "trainer" in job:
            if not trainer_up:
                failures.append(f"target {job} was never up while the trainer ran")
        elif t["health"] != "up":
            failures.append(f"target {job} {t['scrapeUrl']} is {t['health']}: {t.get('lastError')}")
    log("targets: " + ", ".join(t["labels"]["job"] + "=" + t["health"] for t in
                                json.loads(http_get(PROMETHEUS + "/api/v1/targets"))["data"]["activeTargets"]))

    # Alert rules loaded, and the Alertmanager known.
    groups = json.loads(http_get(PROMETHEUS + "/api/v1/rules"))["data"]["groups"]
    rules = [r for g in groups for r in g["rules"]]
    bad = [r["name"] for r in rules if r.get("health") not in ("ok", "unknown")]
    if not rules or bad:
        failures.append(f"alert rules: {len(rules)} loaded, unhealthy {bad}")
    log(f"alert rules loaded: {len(rules)}")
    if "alertmanager" in [p[0] for p in processes]:
        ams = json.loads(http_get(PROMETHEUS + "/api/v1/alertmanagers"))["data"]["activeAlertmanagers"]
        if not ams:
            failures.append("Prometheus has no active Alertmanager")

    # Every curve panel draws every point.
    span = int(time.time() - t0) + 30
    variables = {"run": run_regex, "backend": "(scratch|nd4j)", "task": "(classify|embed)", "__interval": "1ms",
                 "__interval_ms": "1", "__rate_interval": "1m", "__range": f"{span}s", "__range_s": str(span),
                 "__range_ms": str(span * 1000), "split": "(validation|test)", "sweep": ".*"}
    checked = 0
    for path in sorted(os.listdir(os.path.join(ROOT, "dashboards", "grafana", "dashboards"))):
        if path == "sweep.json":  # its panels select sweep runs; the sweep tests cover them
            continue
        dashboard = json.load(open(os.path.join(ROOT, "dashboards", "grafana", "dashboards", path)))
        panels = [p for top in dashboard.get("panels", []) for p in ([top] + top.get("panels", []))]
        for panel in panels:
            if panel.get("type") not in ("timeseries", "trend", "xychart"):
                continue
            for target in panel.get("targets", []):
                expr = target.get("expr", "")
                kinds = set(HISTORY.findall(expr))
                if not kinds or any(k.startswith(("eval_", "run_")) for k in kinds):
                    continue
                per = "batch" if kinds & BATCH_SERIES else "epoch" if kinds & EPOCH_SERIES else None
                if per is None:
                    continue
                # The query as Grafana sends it must work and return the run's series; zoomed in (step and
                # $__interval down to 1 ms) its over-time functions draw one point per raw sample of the history
                # selector, so the points are counted on that selector.
                whole = dict(variables, __interval=f"{span}s", __interval_ms=str(span * 1000))
                q = re.sub(r"\$\{?(\w+)(?::\w+)?\}?", lambda m: whole[m.group(1)], expr)
                if not [r for r in promql(q) if r["metric"].get("run") in expected]:
                    failures.append(f"{path} / {panel.get('title')} / {target.get('refId')}: no series for {q}")
                selector = re.search(r"gradstream_history_\w+\{[^}]*\}", q)
                result = promql(f"count_over_time({selector.group(0)}[{span}s])") if selector else []
                counts = {}
                for series in result:
                    run = series["metric"].get("run")
                    if run in expected:
                        counts.setdefault(run, set()).add(float(series["value"][1]))
                for run, (n_epochs, n_batches) in expected.items():
                    want = n_batches if per == "batch" else n_epochs
                    if counts.get(run) != {float(want)}:
                        failures.append(f"{path} / {panel.get('title')} / {target.get('refId')}: run {run} "
                                        f"draws {sorted(counts.get(run, []))} points per series, trained {want} {per}es")
                checked += 1
    if checked == 0:
        failures.append("no curve panel queries a gradstream_history_* series")
    log(f"curve panel targets checked point by point: {checked}")

    # Nothing dead-lettered.
    dl = subprocess.run(GRADSTREAM + ["topics", "--bootstrap-servers", f"127.0.0.1:{kafka_port}",
                                      "--expect-empty", "gradstream.dead-letters.v1"], capture_output=True, text=True)
    print(dl.stdout, end="")
    if dl.returncode != 0:
        failures.append("dead letters: " + dl.stderr.strip())

    if failures:
        fail("\n  " + "\n  ".join(failures))
    stop_all()
    shutil.rmtree(work, ignore_errors=True)
    log("the compose topology runs natively: targets up, every point drawn, rules loaded, no dead letters")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        stop_all()
        raise
    except SystemExit:
        raise
    except BaseException as e:  # noqa: BLE001 - print the process logs whatever went wrong
        import traceback
        traceback.print_exc()
        fail(repr(e))
