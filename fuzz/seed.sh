#!/bin/sh
# Seeds each fuzz target's corpus from fixtures/ (run from the repository root). The corpora
# are not committed (fuzz/.gitignore); crashes found are, as regression fixtures under
# fixtures/fuzz/TARGET/ (tests/fuzz_regressions.rs replays them).
set -eu
for t in stream roster simulate config suppress baseline; do mkdir -p "fuzz/corpus/$t"; done
find fixtures -name '*.stream.yaml' -o -name '*.flow.yaml' | while read -r f; do
  n=$(echo "$f" | tr '/' '_')
  cp "$f" "fuzz/corpus/stream/$n"; cp "$f" "fuzz/corpus/suppress/$n"; cp "$f" "fuzz/corpus/simulate/$n"
done
find fixtures -name '*roster*.yaml' | while read -r f; do cp "$f" "fuzz/corpus/roster/$(echo "$f" | tr '/' '_')"; done
find fixtures -name '*visitors*.yaml' | while read -r f; do cp "$f" "fuzz/corpus/simulate/$(echo "$f" | tr '/' '_')"; done
find fixtures -name '*.streamlint.yaml' -o -path '*config*' -name '*.yaml' | while read -r f; do
  cp "$f" "fuzz/corpus/config/$(echo "$f" | tr '/' '_')"
done
cargo run --quiet -- check fixtures/baseline/v1.stream.yaml --write-baseline fuzz/corpus/baseline/v1.json --quiet || true
cargo run --quiet -- check fixtures/broken.stream.yaml --write-baseline fuzz/corpus/baseline/broken.json --quiet || true
if [ -d fixtures/fuzz ]; then
  for t in stream roster simulate config suppress baseline; do
    [ -d "fixtures/fuzz/$t" ] && cp fixtures/fuzz/$t/* "fuzz/corpus/$t/" 2>/dev/null || true
  done
fi
