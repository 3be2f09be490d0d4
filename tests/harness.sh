# Shared by the shell test suites; sourced with the program and source
# folder as $1 and $2. Gives $retold, $src, a scratch folder $work, and:
#   run STATUS ARGS...  runs retold (stdout to $work/out, stderr to $work/err)
#                       and succeeds when it exits with STATUS
#   check NAME STATUS   counts a check, printing NAME and stderr on failure
#   finish SUITE        prints "SUITE: N passed, N failed", exits non-zero on failure
set -u
retold=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
run_timeout=${run_timeout:-300}

check() {
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $1"
    [ -s "$work/err" ] && sed 's/^/  stderr: /' "$work/err" | head -5
  fi
}

run() {
  local expected=$1
  shift
  timeout "$run_timeout" "$retold" "$@" >"$work/out" 2>"$work/err"
  [ "$?" -eq "$expected" ]
}

finish() {
  echo "$1: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
