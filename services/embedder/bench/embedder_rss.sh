#!/usr/bin/env bash
# Peak RSS of the embedder service while it embeds N GB1 sequences (all layers, mean-pooled) with a
# random ESM-2 checkpoint of the given shape, through the whole local stack (Kafka, S3, five services).
# Memory must not grow with N beyond the write buffer: run it for 512 and for 8733 sequences.
#
#   services/embedder/bench/embedder_rss.sh 512          # first 512 rows of GB1 low_vs_high
#   services/embedder/bench/embedder_rss.sh 8733         # all of it
#   LAYERS=6 DIM=320 HEADS=20 services/embedder/bench/embedder_rss.sh 512   # the shape (default t6_8M)
#
# Prints: sequences, embedder peak RSS (VmHWM of the service process), stored bytes per layer object,
# the run's wall time, and the bytes a probe job read against its layer objects' size. Needs the project built (./plmlab builds it) and ../shared/data.
set -euo pipefail
n=${1:?usage: embedder_rss.sh N}
layers=${LAYERS:-6}; dim=${DIM:-320}; heads=${HEADS:-20}
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cd "$repo"
./mvnw -q -o -pl libs/forge dependency:build-classpath -Dmdep.outputFile="$work/cp" -Dmdep.includeScope=test >/dev/null
cp="libs/forge/target/test-classes:libs/forge/target/classes:$(cat "$work/cp")"
cat > "$work/MakeCheckpoint.java" <<'JAVA'
public class MakeCheckpoint {
    public static void main(String[] a) throws Exception {
        dev.plmlab.forge.onnx.RandomCheckpoints.writeEsm2(java.nio.file.Path.of(a[0]), Integer.parseInt(a[1]),
                Integer.parseInt(a[2]), Integer.parseInt(a[3]), 7);
    }
}
JAVA
javac -cp "$cp" -d "$work" "$work/MakeCheckpoint.java"
java -cp "$work:$cp" MakeCheckpoint "$work/model.pt" "$layers" "$dim" "$heads"

# the first N rows of GB1 low_vs_high as the user's own CSV, keeping its train/test/validation columns
unzip -p ../shared/data/flip/gb1/splits.zip splits/low_vs_high.csv | awk -v rows=$((n + 1)) 'NR <= rows' > "$work/gb1.csv"
cat > "$work/spec.yaml" <<YAML
name: embedder-rss-$n
tasks:
  - name: gb1-first-$n
    file: gb1.csv
    type: regression
    max_residues: 56
models:
  - family: esm2
    checkpoint: model.pt
    layers: all
probes: [ridge]
YAML

peak=0
start=$(date +%s)
./plmlab run "$work/spec.yaml" --out "$work/out" --state "$work/state" > "$work/run.log" 2>&1 &
run=$!
while kill -0 "$run" 2>/dev/null; do
  for pid in $(pgrep -f 'services/embedder/target/quarkus-app' || true); do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
    [ "${hwm:-0}" -gt "$peak" ] && peak=$hwm
  done
  sleep 0.5
done
wait "$run" || { tail -20 "$work/run.log"; exit 1; }
end=$(date +%s)
layer_bytes=$(find "$work/state" -path '*embeddings*' -name 'layer-0.npy*' -printf '%s %p\n' 2>/dev/null | head -3)
echo "sequences: $n"
echo "embedder peak RSS: $((peak / 1024)) MiB"
echo "wall time: $((end - start)) s"
echo "layer-0 objects (bytes, path in the S3 folder):"
echo "$layer_bytes"
echo "what probe jobs read (probe-trainer log):"
grep -h "bytes; its layer objects hold" "$work/state/logs/probe-trainer.log" | sed 's/.*features /features /' | head -3
