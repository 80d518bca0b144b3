#!/usr/bin/env bash
# Submit a gradwire sweep to Slurm: a job array with one task per shard
# (sweep.sbatch), and a merge job (merge.sbatch) that starts once every task
# has succeeded. See docs/cluster.md.
#
#   scripts/slurm/submit.sh --shards N [--only LIST] [--name NAME] <study.yaml> <study-dir> [sbatch options for the array…]
#
#   --shards N    split the sweep into N shards (array tasks 1 … N)
#   --only LIST   submit only these shards, as a Slurm array list (4 or 4,9 or 2-5):
#                 after a task was cancelled, killed or failed, resubmit it; it resumes
#                 (the runs its folder holds are kept) and a new merge job is submitted
#   --name NAME   job name of the array and the merge (default gradwire-<basename of study-dir>)
#
# <study.yaml> and <study-dir> must be on a volume every node sees: shard i
# writes <study-dir>/shards/i/, the merge <study-dir>/merged/, the jobs' logs
# go to <study-dir>/logs/. Options after <study-dir> go to the array's sbatch
# (e.g. --cpus-per-task=16 --mem=32G --time=12:00:00); options for both jobs
# through sbatch's environment (SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_QOS, …).
# gradwire is called as $GRADWIRE (default `gradwire` on PATH).
#
# The merge job depends on the array with afterok, and with singleton on every
# earlier job of the same name: a resubmitted shard's merge also waits for the
# shards of the first submission still running. --kill-on-invalid-dep=yes
# removes a merge whose array failed (it could never start) from the queue.
#
# Prints the two job ids on stdout: `<array id> <merge id>`.
set -euo pipefail

usage() {
  sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
shards=''
only=''
name=''
while [[ $# -gt 0 ]]; do
  case $1 in
    --shards) shards=${2:-}; shift 2 ;;
    --shards=*) shards=${1#*=}; shift ;;
    --only) only=${2:-}; shift 2 ;;
    --only=*) only=${1#*=}; shift ;;
    --name) name=${2:-}; shift 2 ;;
    --name=*) name=${1#*=}; shift ;;
    -h | --help) usage ;;
    --) shift; break ;;
    -*) echo "submit.sh: unknown option $1 (sbatch options go after <study-dir>)" >&2; usage ;;
    *) break ;;
  esac
done
[[ $# -ge 2 ]] || usage
[[ $shards =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: --shards N (a whole number ≥ 1) is required" >&2; exit 2; }
[[ -z $only || $only =~ ^[0-9,-]+$ ]] || { echo "submit.sh: --only ${only}: expected a list of shard numbers such as 4 or 4,9 or 2-5" >&2; exit 2; }
study=$(realpath "$1")
dir=$(realpath -m "$2")
shift 2
[[ -f $study ]] || { echo "submit.sh: no scenario file $study" >&2; exit 2; }
name=${name:-gradwire-$(basename "$dir")}

mkdir -p "$dir/shards" "$dir/logs"
array=${only:-1-$shards}

sweep_job=$(sbatch --parsable --job-name="$name" --array="$array" \
  --output="$dir/logs/%x-%A_%a.log" "$@" \
  "$here/sweep.sbatch" "$study" "$dir" "$shards")
sweep_job=${sweep_job%%;*}   # --parsable prints id[;cluster]

merge_job=$(sbatch --parsable --job-name="$name" \
  --dependency="afterok:$sweep_job,singleton" --kill-on-invalid-dep=yes \
  --output="$dir/logs/%x-merge-%j.log" \
  "$here/merge.sbatch" "$dir")
merge_job=${merge_job%%;*}

echo "submitted shards $array of $shards as job array $sweep_job, the merge as job $merge_job (logs in $dir/logs)" >&2
echo "$sweep_job $merge_job"
