#!/usr/bin/env bash
# Whole-process timings of migdesk on generated queues of 1,000, 10,000 and
# 100,000 cases, side by side with taskwarrior 2.6 listing as many pending
# tasks, in the same run. Prints a Markdown table (medians of RUNS runs) and
# the machine it ran on; docs/performance.md explains each column.
#
#   bench/compare.sh                  # all three sizes, 5 runs each
#   SIZES="1000 10000" RUNS=9 bench/compare.sh
#   BASELINE=8b17827 bench/compare.sh # also that commit's build, same run
#
# Generated data goes under $WORK (default /tmp/migdesk-compare) and is
# deleted at the end; 100,000 cases take about 750 MB. Installs what it
# needs (GNU time, taskwarrior, python3) with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="${SIZES:-1000 10000 100000}"
RUNS="${RUNS:-5}"
WORK="${WORK:-/tmp/migdesk-compare}"
# The timings are read from the log (MIGDESK_LOG=debug), kept under $WORK.
export XDG_STATE_HOME="$WORK/state"
LOG="$XDG_STATE_HOME/migdesk/migdesk.log"
# A pinned clock: the same seed then gives the same cases.
export MIGDESK_NOW="${MIGDESK_NOW:-2026-03-10T10:00:00+01:00}"
export MIGDESK_USER=bench

need() {
    local command="$1" package="$2"
    if ! command -v "$command" >/dev/null 2>&1; then
        echo "installing $package" >&2
        if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
        $SUDO apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$package" >/dev/null
    fi
}
need /usr/bin/time time
need task taskwarrior
need python3 python3
need script bsdutils

rm -rf "$WORK"
mkdir -p "$WORK"
trap 'rm -rf "$WORK"' EXIT

# BASELINE=<commit> also measures that commit's build in the same run (the
# "today" column of docs/performance.md): built first into the same target
# folder, so the dependencies are built once, and copied aside.
BASE_BIN=
if [ -n "${BASELINE:-}" ]; then
    mkdir -p "$WORK/baseline-src"
    git archive "$BASELINE" | tar -x -C "$WORK/baseline-src"
    cargo build --release --quiet --manifest-path "$WORK/baseline-src/Cargo.toml" --target-dir "$PWD/target"
    cp target/release/migdesk "$WORK/baseline-migdesk"
    BASE_BIN="$WORK/baseline-migdesk"
fi
cargo build --release --quiet
BIN="$PWD/target/release/migdesk"

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Runs the command RUNS times (after `prepare`, if given, before each run);
# prints "median-milliseconds median-peak-MB".
measure() {
    local prepare="$1"
    shift
    local times="$WORK/times"
    : >"$times"
    for _ in $(seq "$RUNS"); do
        [ -n "$prepare" ] && eval "$prepare"
        # GNU time gives the peak memory; its wall time has only 10 ms steps.
        local start end
        start=$(date +%s%N)
        /usr/bin/time -f "%M" -o "$WORK/one" "$@" >/dev/null 2>"$WORK/stderr" || {
            cat "$WORK/stderr" >&2
            return 1
        }
        end=$(date +%s%N)
        echo "$(((end - start) / 1000000)) $(tail -1 "$WORK/one")" >>"$times"
    done
    local milliseconds kilobytes
    milliseconds=$(awk '{ print $1 }' "$times" | median)
    kilobytes=$(awk '{ print $2 }' "$times" | median)
    awk -v m="$milliseconds" -v k="$kilobytes" 'BEGIN { printf "%d %.0f\n", m, k / 1024 }'
}

# Seconds since `started` (from `date +%s.%N`), to a tenth.
seconds_since() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# Taskwarrior tasks made from the same queue: title, assignee as project, due date.
tasks_json() {
    python3 -c '
import json, sys
for case in json.load(sys.stdin):
    task = {"description": case["title"] + " (" + case["id"] + ")",
            "project": case["playbook"], "status": "pending",
            "entry": "20260301T090000Z", "tags": [case["assignee"].split(".")[0]]}
    if case["due"]:
        task["due"] = case["due"].replace("-", "") + "T170000Z"
    print(json.dumps(task, ensure_ascii=False))
'
}

# Starts the app RUNS times in a 200x60 pseudo-terminal (after `prepare`)
# with MIGDESK_LOG=debug and reads the timing it logs once it has restored
# the terminal; prints "median ms to the first frame with the
# queue, median peak MB, median ms to the first frame of any kind". `q` is
# typed only once the queue has had ample time to be read: a key typed
# earlier is taken at once, and the app would quit before its queue came.
app_first_frame() {
    local prepare="$1" wait=$((3 + cases / 5000))
    : >"$WORK/frames"
    : >"$WORK/peaks"
    : >"$WORK/any"
    for _ in $(seq "$RUNS"); do
        [ -n "$prepare" ] && eval "$prepare"
        rm -f "$LOG"
        (sleep "$wait"; printf q) | MIGDESK_LOG=debug timeout 300 script -qfec \
            "stty cols 200 rows 60; /usr/bin/time -f 'peak %M KB' $BIN --data-dir $data" \
            /dev/null >"$WORK/app" 2>&1 || true
        [ -f "$LOG" ] || continue
        sed -n 's/.*first frames drawn.*queue_frame_milliseconds=\([0-9]*\).*/\1/p' "$LOG" |
            head -1 >>"$WORK/frames"
        sed -n 's/.*first frames drawn.*first_frame_milliseconds=\([0-9]*\).*/\1/p' "$LOG" |
            head -1 >>"$WORK/any"
        sed -n 's/.*peak \([0-9]*\) KB.*/\1/p' "$WORK/app" | head -1 >>"$WORK/peaks"
    done
    echo "$(median <"$WORK/frames") $(median <"$WORK/peaks" | awk '{ printf "%.0f", $1 / 1024 }') $(median <"$WORK/any")"
}

change_one_case() { "$BIN" --data-dir "$data" note MIG-0042 "Point fait avec le client." >/dev/null; }

# A new version of one installed playbook (its title changes on each call):
# every row of the index is void.
playbook_round=0
change_playbook() {
    playbook_round=$((playbook_round + 1))
    mkdir -p "$data/playbooks"
    sed "s/^title: \"/title: \"($playbook_round) /" assets/playbooks/onprem-to-saas.yaml \
        >"$data/playbooks/onprem-to-saas.yaml"
}

# The case cores (docs/performance.md) and the index, both deleted: every
# file is parsed, as on the first start of a version without cores.
forget_everything() { rm -f "$data/cache/queue-index.jsonl" "$data/cache/case-cores.bin"; }

# The rows of the targets table for the build $BIN: list --json with the
# index current, the first list after a playbook change, the list with
# index and cores deleted, validate (time and peak), the app's first frame
# with the queue and its peak memory.
targets_row() {
    "$BIN" --data-dir "$data" list --json >/dev/null
    read -r t_warm _ < <(measure "" "$BIN" --data-dir "$data" list --json)
    read -r t_playbook _ < <(measure change_playbook "$BIN" --data-dir "$data" list --json)
    read -r t_cold _ < <(measure forget_everything "$BIN" --data-dir "$data" list --json)
    read -r t_validate t_validate_mb < <(measure "" "$BIN" --data-dir "$data" validate)
    "$BIN" --data-dir "$data" list --json >/dev/null
    read -r t_frame t_app_mb _ < <(app_first_frame "")
    rm -rf "$data/playbooks"
    "$BIN" --data-dir "$data" list --json >/dev/null
    echo "$t_warm $t_playbook $t_cold $t_validate $t_validate_mb $t_frame $t_app_mb"
}

echo "| cases | files MB | generate s | list --json, index rebuilt ms | list --json ms | list --json peak MB | queue loaded ms | note (one save) ms | list --json after one change ms | app: first frame with the queue ms | app peak MB | app, index rebuilt: first frame (progress) ms | app, index rebuilt: queue shown ms | task import s | task list ms | task list peak MB |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for cases in $SIZES; do
    data="$WORK/data-$cases"
    started=$(date +%s.%N)
    "$BIN" gen-cases "$cases" "$data" --seed 1 >/dev/null
    generated=$(seconds_since "$started")
    megabytes=$(du -sm "$data/cases" | awk '{ print $1 }')
    # Files changed in the last two seconds are not indexed until they settle.
    sleep 3

    read -r cold_ms _ < <(measure forget_everything "$BIN" --data-dir "$data" list --json)
    "$BIN" --data-dir "$data" list --json >/dev/null
    read -r warm_ms warm_mb < <(measure "" "$BIN" --data-dir "$data" list --json)
    # One change through the command line (a crash-safe save of one file),
    # then the list that follows it (the changed file is parsed again).
    read -r note_ms _ < <(measure "" "$BIN" --data-dir "$data" note MIG-0042 "Relance envoyée, réponse attendue jeudi.")
    read -r changed_ms _ < <(measure change_one_case "$BIN" --data-dir "$data" list --json)

    # In-process time to the loaded queue (index read, files stat'ed, rows
    # sorted), as `list` logs it at debug: what a first frame waits for.
    queue_ms=$(for _ in $(seq "$RUNS"); do
        rm -f "$LOG"
        MIGDESK_LOG=debug "$BIN" --data-dir "$data" list --json >/dev/null
        # Written by the logger as the process ends; under load it may be missing.
        sed -n 's/.*queue loaded.* milliseconds=\([0-9]*\).*/\1/p' "$LOG" 2>/dev/null || true
    done | median)

    # The full-screen app: with the index current, then with it deleted
    # (the first start after an upgrade), where a progress line comes first.
    read -r first_frame app_mb _ < <(app_first_frame "")
    read -r cold_frame _ cold_progress < <(app_first_frame forget_everything)

    taskdata="$WORK/task-$cases"
    mkdir -p "$taskdata"
    printf 'data.location=%s\nconfirmation=off\ncolor=off\ndetection=off\ndefaultwidth=200\ndefaultheight=60\nhooks=off\n' \
        "$taskdata" >"$WORK/taskrc-$cases"
    export TASKRC="$WORK/taskrc-$cases" TASKDATA="$taskdata"
    "$BIN" --data-dir "$data" list --all --json | tasks_json >"$WORK/tasks-$cases.json"
    started=$(date +%s.%N)
    task import "$WORK/tasks-$cases.json" >/dev/null 2>&1
    imported=$(seconds_since "$started")
    task list >/dev/null 2>&1 || true
    read -r task_ms task_mb < <(measure "" task list)
    unset TASKRC TASKDATA

    echo "| $cases | $megabytes | $generated | $cold_ms | $warm_ms | $warm_mb | $queue_ms | $note_ms | $changed_ms | $first_frame | $app_mb | $cold_progress | $cold_frame | $imported | $task_ms | $task_mb |"
    echo "$cases $task_ms $(targets_row)" >>"$WORK/targets-new"
    if [ -n "$BASE_BIN" ]; then
        current="$BIN"
        BIN="$BASE_BIN"
        echo "$cases $task_ms $(targets_row)" >>"$WORK/targets-base"
        BIN="$current"
    fi
    echo "load average after $cases cases: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$WORK/loads"
    rm -rf "$data" "$taskdata"
done


# The targets table: per size, the build measured and (with BASELINE) the
# baseline, with the ratios the issue's targets are set in.
targets_table() {
    local label="$1" file="$2"
    [ -f "$file" ] || return 0
    while read -r cases task warm playbook cold validate validate_mb frame app_mb; do
        awk -v l="$label" -v c="$cases" -v t="$task" -v w="$warm" -v p="$playbook" -v k="$cold" \
            -v v="$validate" -v vm="$validate_mb" -v f="$frame" -v am="$app_mb" 'BEGIN {
            printf "| %s | %d | %d ms (%.2f× task list) | %d ms (%.1f× warm) | %d ms | %d ms, %d MB | %d ms | %d MB |\n",
                l, c, w, w / t, p, p / w, k, v, vm, f, am }'
    done <"$file"
}
echo
echo "| build | cases | list --json, index current | first list --json after a playbook change | list --json, index and cores deleted | validate, peak | app: first frame with the queue | app peak |"
echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
targets_table "${BASELINE:-baseline}" "$WORK/targets-base"
targets_table "$(git rev-parse --short HEAD)" "$WORK/targets-new"
echo
cat "$WORK/loads"
echo "Machine: $(nproc) cores; $(free -g | awk '/^Mem:/ { print $2 " GiB memory" }'); $(uname -srm)"
echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); $RUNS runs per figure, medians; warm page cache."
echo "migdesk $(git rev-parse --short HEAD); $(task --version | head -1 | sed 's/^/taskwarrior /')"
