#!/usr/bin/env bash
# Whole-run benchmark: emend check over generated corpora of 2,000 and 20,000 files and one
# 200 MB file, with throughput (MB/s) and peak RSS, against `grep -c -F -f FORMS` over the same
# files, plus the start-up time on one small file. Uses GNU time and grep from the system.
#
#   scripts/bench.sh [WORKDIR]      (default: /tmp/emend-bench; needs ~1 GB of disk)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-/tmp/emend-bench}
mkdir -p "$work"
cargo build --release --quiet --bin emend --example gen-corpus --example forms
emend=$PWD/target/release/emend
gen=$PWD/target/release/examples/gen-corpus
"$PWD/target/release/examples/forms" > "$work/forms.txt"

[ -d "$work/c2k" ] || "$gen" --files 2000 --out "$work/c2k"
[ -d "$work/c20k" ] || "$gen" --files 20000 --out "$work/c20k"
[ -f "$work/big/single.md" ] || "$gen" --single-mb 200 --out "$work/big"

mb() { du -sm --apparent-size "$1" | cut -f1; }

# best-of-3 wall time (seconds, from the nanosecond clock: GNU time counts hundredths) and
# the peak RSS (KB, from GNU time) of the fastest run. Output goes to a file, not /dev/null:
# GNU grep notices /dev/null and stops at the first match.
measure() {
    local best=999999 rss=0 start end t m
    "$@" > "$work/out.txt" 2>&1 || true   # warm the page cache
    for _ in 1 2 3; do
        start=$(date +%s%N)
        /usr/bin/time -f "%M" -o "$work/time.txt" "$@" > "$work/out.txt" 2>&1 || true
        end=$(date +%s%N)
        t=$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.3f", (b-a)/1e9}')
        m=$(tail -n 1 "$work/time.txt")
        if awk -v a="$t" -v b="$best" 'BEGIN{exit !(a<b)}'; then best=$t; rss=$m; fi
    done
    echo "$best $rss"
}

printf '%-22s %8s %10s %10s %10s\n' corpus MB seconds MB/s RSS_MB
for c in c2k c20k big; do
    size=$(mb "$work/$c")
    read -r t m < <(measure "$emend" check --no-config -q --format concise "$work/$c")
    printf '%-22s %8s %10s %10.0f %10.0f\n' "emend $c" "$size" "$t" "$(awk -v s="$size" -v t="$t" 'BEGIN{print s/t}')" "$((m / 1024))"
    read -r g _ < <(measure grep -r -c -F -f "$work/forms.txt" "$work/$c")
    printf '%-22s %8s %10s %10.0f %10s   emend/grep = %.2f\n' "grep -c -F $c" "$size" "$g" "$(awk -v s="$size" -v t="$g" 'BEGIN{print s/t}')" "-" "$(awk -v a="$t" -v b="$g" 'BEGIN{print a/b}')"
    # For context: grep printing every match, not only counting the lines that have one.
    read -r o _ < <(measure grep -r -o -F -f "$work/forms.txt" "$work/$c")
    printf '%-22s %8s %10s %10.0f %10s   emend/grep = %.2f\n' "grep -o -F $c" "$size" "$o" "$(awk -v s="$size" -v t="$o" 'BEGIN{print s/t}')" "-" "$(awk -v a="$t" -v b="$o" 'BEGIN{print a/b}')"
done

# Start-up: one small file, the mean of 50 runs (GNU time counts in hundredths).
printf '# 6 September 1945\n\nThe talks went on.\n' > "$work/small.md"
"$emend" check --no-config -q "$work/small.md" > /dev/null || true
start=$(date +%s%N)
for _ in $(seq 50); do "$emend" check --no-config -q "$work/small.md" > /dev/null || true; done
end=$(date +%s%N)
echo "small.md start-up: $(( (end - start) / 50 / 1000 )) µs per run"
