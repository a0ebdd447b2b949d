#!/usr/bin/env bash
# The long retrieval benchmarks behind docs/BENCHMARKS.md, run one after the other (the reference
# machine has 2 cores; parallel runs only slow each other down).
#
#   scripts/run_benchmarks_eval.sh [STEP...]      STEP: crosslingual bm25 dense hybrid weighted default sweep experts
#                                                 (default: all of them, in that order)
#
# Everything lives in DTBOT_HOME=./bench-home (gitignored): the scratch knowledge bases under
# bench-home/eval/, the shared embedding cache bench-home/embed_cache.sqlite (later steps reuse the
# vectors of earlier ones), results as JSON under bench-home/results/, logs under bench-home/logs/.
# Data: SIB200=/work/shared/data/sib200, SCIFACT=/work/shared/data/scifact, SDG=/work/shared/data/sdg_commons
# unless set. The experts step ingests SDG Commons pages into its own home bench-home/experts-kb (same
# embedding cache) because `dtbot eval experts` measures the knowledge base it is pointed at.
#
# Background use:  nohup scripts/run_benchmarks_eval.sh > bench-home/logs/all.log 2>&1 &
set -euo pipefail
cd "$(dirname "$0")/.."

export DTBOT_HOME="${DTBOT_HOME:-./bench-home}"
SIB200="${SIB200:-/work/shared/data/sib200}"
SCIFACT="${SCIFACT:-/work/shared/data/scifact}"
SDG="${SDG:-/work/shared/data/sdg_commons}"
DTBOT="${DTBOT:-.venv/bin/dtbot}"
PYTHON="${PYTHON:-.venv/bin/python}"
RESULTS="$DTBOT_HOME/results"
LOGS="$DTBOT_HOME/logs"
mkdir -p "$RESULTS" "$LOGS"

# run NAME CMD...: stdout (JSON) → results/NAME.json (only on success), stderr → logs/NAME.log
run() {
    local name=$1
    shift
    echo "[$(date -Is)] start $name: $*" | tee -a "$LOGS/$name.log" >&2
    local t0=$SECONDS
    if "$@" > "$RESULTS/$name.json.part" 2>> "$LOGS/$name.log"; then
        mv "$RESULTS/$name.json.part" "$RESULTS/$name.json"
        echo "[$(date -Is)] done $name in $((SECONDS - t0))s → $RESULTS/$name.json" | tee -a "$LOGS/$name.log" >&2
    else
        echo "[$(date -Is)] FAILED $name after $((SECONDS - t0))s (see $LOGS/$name.log)" | tee -a "$LOGS/$name.log" >&2
        return 1
    fi
}

step_crosslingual() { run crosslingual_all "$DTBOT" eval crosslingual "$SIB200" --split all --json; }
step_bm25()         { run scifact_bm25 "$DTBOT" eval beir "$SCIFACT" --mode bm25 --json; }
step_dense()        { run scifact_dense "$DTBOT" eval beir "$SCIFACT" --mode dense --json; }
step_hybrid()       { run scifact_hybrid_rrf "$DTBOT" eval beir "$SCIFACT" --mode hybrid --fusion rrf --json; }
step_weighted()     { run scifact_hybrid_weighted "$DTBOT" eval beir "$SCIFACT" --mode hybrid --fusion weighted --json; }
step_default()      { run scifact_hybrid_default "$DTBOT" eval beir "$SCIFACT" --mode hybrid --json; }

# Fusion settings around the defaults of HybridRetriever, all in one process so the query embeddings
# are computed once. k=100 gives nDCG@10/R@100 as above; the k=10 rows show what `depth` changes for
# the short result lists the bot asks for. Each row gets its nDCG@10 difference to the default hybrid
# and a two-sided paired randomisation test (sign flips over the 300 queries, 10,000 rounds, seed 0).
step_sweep() {
    run scifact_fusion_sweep "$PYTHON" - "$SCIFACT" <<'EOF'
import json, random, sys
from pathlib import Path
from config.settings import Settings
from retrieval.evaluation import eval_beir_grid

configs = [{"mode": "hybrid"}, {"mode": "dense"}, {"mode": "bm25"}]
configs += [{"mode": "hybrid", "fusion": "weighted", "lexical_weight": w} for w in (0.5, 0.75, 1.25, 1.5, 2.0, 3.0)]
configs += [{"mode": "hybrid", "fusion": "rrf", "lexical_weight": w} for w in (0.5, 1.0, 2.0, 3.0)]
configs += [{"mode": "hybrid", "fusion": "rrf", "rrf_k": k} for k in (10, 30, 100)]
configs += [{"mode": "hybrid", "k": 10, "depth": d} for d in (10, 20, 50, 100, 200)]
configs += [{"mode": "dense", "k": 10}]
rows = eval_beir_grid(Settings(), Path(sys.argv[1]), split="test", configs=[{**c, "per_query": True} for c in configs])


def paired_p(a, b, rounds=10000, seed=0):
    diffs = [x - y for x, y in zip(a, b)]
    observed = abs(sum(diffs))
    rng = random.Random(seed)
    hits = sum(abs(sum(d if rng.random() < 0.5 else -d for d in diffs)) >= observed - 1e-12 for _ in range(rounds))
    return (hits + 1) / (rounds + 1)


base = rows[0]["per_query_nDCG@10"]
ids = sorted(base)
for n, row in enumerate(rows):
    pq = row.pop("per_query_nDCG@10")
    row["delta_nDCG@10_vs_default"] = round(row["nDCG@10"] - rows[0]["nDCG@10"], 4)
    row["p_vs_default"] = round(paired_p([pq[i] for i in ids], [base[i] for i in ids]), 4) if n else None
    print(f"{row['mode']:6} {str(row['fusion']):8} lw={row['lexical_weight']:<4} rrf_k={row['rrf_k']:<3} "
          f"depth={row['depth']:<3} k={row['k']:<3} nDCG@10={row['nDCG@10']:.4f} R@100={row['Recall@100']:.4f} "
          f"MRR@10={row['MRR@10']:.4f} d={row['delta_nDCG@10_vs_default']:+.4f} p={row['p_vs_default']}",
          file=sys.stderr)
json.dump(rows, sys.stdout, indent=2)
print()
EOF
}

# Expert finding on the Kyrgyzstan pages + stories + digital_thematic pages (~4 MB of Markdown).
step_experts() {
    local kb="$DTBOT_HOME/experts-kb" cache="$DTBOT_HOME/embed_cache.sqlite"
    echo "[$(date -Is)] ingest SDG Commons pages into $kb" | tee -a "$LOGS/experts_ingest.log" >&2
    DTBOT_HOME="$kb" DTBOT_EMBED_CACHE="$cache" "$DTBOT" ingest -q "$SDG/kyrgyzstan" "$SDG/stories" \
        "$SDG/digital_thematic" >> "$LOGS/experts_ingest.log" 2>&1 \
        || echo "some pages failed to ingest (listed in $LOGS/experts_ingest.log); evaluating the rest" >&2
    run experts env DTBOT_HOME="$kb" DTBOT_EMBED_CACHE="$cache" \
        "$DTBOT" eval experts data/eval/expert_queries.jsonl --k 10 --json
}

steps=("$@")
[ ${#steps[@]} -eq 0 ] && steps=(crosslingual bm25 dense hybrid weighted default sweep experts)
{
    echo "date: $(date -Is)"
    echo "nproc: $(nproc)"
    lscpu | grep 'Model name' || true
    free -h | awk '/^Mem:/ {print "RAM: " $2}'
} > "$RESULTS/machine.txt"
for s in "${steps[@]}"; do
    "step_$s"
done
