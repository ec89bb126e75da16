#!/usr/bin/env bash
# Mutation testing with mutmut on a few modules, in a copy of the COMMITTED tree (nothing written here).
# Usage: scripts/mutation.sh "catalogue/datasets/lifecycle.py schemas/search.py" "tests/catalogue/test_rules.py"
# Prints, per run, how many mutants were killed, survived, had no test reaching them, timed out or
# were suspicious, and the score = killed / all mutants; survivors are listed, their diffs (survived only) are in
# <work dir>/survivors.diff. Exit status 1 when mutmut could not run (e.g. the tests fail on HEAD).
# MUTATION_REF=<commit> mutates another commit; MUTMUT_CHILDREN (default 2) parallel test processes;
# MUTATION_FUNCTIONS=<regex> reports only the matching functions' mutants.
set -euo pipefail
cd "$(dirname "$0")/.."
MODULES=${1:?modules to mutate (space-separated paths)}
TESTS=${2:?test files or node ids (space-separated)}
PYTHON=${PYTHON:-$PWD/.venv/bin/python}
MUTMUT_VERSION=3.8.1
if [ "$("$PYTHON" -c 'import importlib.metadata as m; print(m.version("mutmut"))' 2>/dev/null)" != "$MUTMUT_VERSION" ]; then
  "$PYTHON" -m pip install --quiet "mutmut==$MUTMUT_VERSION"
fi
for m in $MODULES; do git cat-file -e "${MUTATION_REF:-HEAD}:$m" 2>/dev/null || { echo "mutation: $m is not committed" >&2; exit 1; }; done
SHARED=$(cd .. && pwd)/shared
BASE=$(mktemp -d /tmp/mmd-mutation.XXXXXX)
WORK=$BASE/main
mkdir -p "$WORK"
git archive "${MUTATION_REF:-HEAD}" | tar -x -C "$WORK"   # the committed tree, not work in progress
# tests find the corpus at <checkout>/../shared; mutmut runs them from <checkout>/mutants
ln -s "$SHARED" "$BASE/shared"; ln -s "$SHARED" "$WORK/shared"
cd "$WORK"
{
  echo "[mutmut]"
  echo "source_paths ="; for d in catalogue schemas search api; do echo "    $d"; done
  echo "only_mutate ="; for m in $MODULES; do echo "    $m"; done
  echo "pytest_add_cli_args_test_selection ="; for t in $TESTS; do echo "    $t"; done
  echo "pytest_add_cli_args ="; echo "    -p"; echo "    no:cacheprovider"
  echo "use_git_change_detection = false"
} > setup.cfg
# Real engines are not used here: the production-stack parameters skip outside CI.
status=0
env -u CATALOGUE_TEST_DATABASE_URL -u CATALOGUE_TEST_ES_URL -u CATALOGUE_TEST_S3_ENDPOINT -u CI \
  "$PYTHON" -m mutmut run --max-children "${MUTMUT_CHILDREN:-2}" >mutmut-run.log 2>&1 || status=$?
# `results --all true` prints one "    <mutant>: <status>" line per mutant
"$PYTHON" -m mutmut results --all true >results-all.txt 2>&1 || true
# MUTATION_FUNCTIONS=<regex>: report only the mutants of the functions it matches (e.g. 'x_backoff__')
grep -E -- "${MUTATION_FUNCTIONS:-.}" results-all.txt >results.txt || true
count() { grep -c ": $1\$" results.txt || true; }
killed=$(count killed); survived=$(count survived); notests=$(count 'no tests')
timeout=$(count timeout); suspicious=$(count suspicious); unchecked=$(count 'not checked')
total=$(grep -c '^    [^ ]*: ' results.txt || true)
other=$((total - killed - survived - notests - timeout - suspicious - unchecked))
echo "mutation: modules: $MODULES${MUTATION_FUNCTIONS:+ (functions matching $MUTATION_FUNCTIONS)}"
echo "mutation: tests: $TESTS"
echo "mutation: $total mutants: killed $killed, survived $survived, no tests $notests, timeout $timeout," \
     "suspicious $suspicious, not checked $unchecked, other $other;" \
     "score $(( total ? 100 * killed / total : 0 ))% (killed / all)"
# per module: mutant names are <module>.x_<function>__mutmut_<n> or <module>.xǁ<Class>ǁ<method>__mutmut_<n>
sed -E 's/^ *//; s/\.x(_|ǁ)[^:]*: / /' results.txt | awk '
  NF >= 2 { m = $1; $1 = ""; s = substr($0, 2); n[m]++; c[m, s]++ }
  END { for (m in n) printf "  %-45s %3d mutants, killed %3d, survived %3d, no tests %2d, timeout %d, suspicious %d: %d%%\n",
        m, n[m], c[m, "killed"], c[m, "survived"], c[m, "no tests"], c[m, "timeout"], c[m, "suspicious"], 100 * c[m, "killed"] / n[m] }' | sort
grep -E ': (survived|no tests|timeout|suspicious)$' results.txt | sed 's/^ */  /' || true
for m in $(grep -E ': survived$' results.txt | sed 's/^ *//; s/:.*//'); do
  "$PYTHON" -m mutmut show "$m" 2>&1
done >survivors.diff
echo "(work dir: $WORK; log mutmut-run.log, diffs survivors.diff)"
if [ "$status" -ne 0 ] || [ "$total" -eq 0 ] || [ "$unchecked" -gt 0 ]; then
  echo "mutation: mutmut did not complete (exit $status); the end of its log:" >&2
  tail -c 2000 mutmut-run.log | tr '\r' '\n' | tail -20 >&2
  exit 1
fi
