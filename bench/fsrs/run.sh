#!/usr/bin/env bash
# SayStop.Fsrs benchmark: scheduling throughput against ts-fsrs and optimizer time/log loss against fsrs-rs
# (through @open-spaced-repetition/binding), in one run. Usage: bench/fsrs/run.sh [sizes...]  (default 1000 10000 100000)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/out"
sizes=("${@:-1000 10000 100000}")
read -r -a sizes <<< "${sizes[*]}"
mkdir -p "$out"
true_w="0.5,1.8,4,15,6.4133,0.8334,3.0194,0.001,1.5,0.1666,0.796,1.4835,0.0614,0.2629,1.6483,0.6014,1.8729,0.5425,0.0912,0.0658,0.35"

echo "== npm install (ts-fsrs 5.4.2, @open-spaced-repetition/binding 0.5.0)" >&2
# npm ci rejects this lock file (npm 11 wants entries for every optional platform build of the binding), so
# install from the lock with npm install, which keeps the pinned versions.
(cd "$here/peers" && npm install --no-audit --no-fund --loglevel=error >&2)

echo "== dotnet publish -c Release (ReadyToRun, so that one-shot runs are not dominated by JIT)" >&2
publish() { # project, output dir
  dotnet publish "$1" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true --nologo -v q -o "$2" >&2 \
    || dotnet publish "$1" -c Release --nologo -v q -o "$2" >&2
}
publish "$root/src/SayStop.Fsrs.Cli/SayStop.Fsrs.Cli.csproj" "$out/bin/cli"
publish "$here/SayStop.Fsrs.Bench/SayStop.Fsrs.Bench.csproj" "$out/bin/bench"
cli="$out/bin/cli/saystop-fsrs"
bench="$out/bin/bench/SayStop.Fsrs.Bench"

echo "== scheduling throughput" >&2
node "$here/peers/bench-schedule.mjs" "$out/schedule-workload.json" 3 > "$out/schedule-ts.json"
"$bench" schedule "$out/schedule-workload.json" 3 > "$out/schedule-cs.json"

for n in "${sizes[@]}"; do
  echo "== optimizer, $n cards" >&2
  "$cli" simulate "$out/log-$n.csv" --cards "$n" --seed 11 --params "$true_w" >&2
  "$cli" optimize "$out/log-$n.csv" --holdout 5 --json "$out/cs-$n.json" 2>/dev/null >&2
  node "$here/peers/optimize.mjs" "$out/log-$n.csv" 5 "$out/cs-$n.json" > "$out/rs-$n.json"
done

"$bench" report "$out" "${sizes[@]}" | tee "$out/report.md"
