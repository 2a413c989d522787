#!/bin/sh
# tools/setup.sh: install what is missing, build, and then open the demo or
# run the whole suite. Works on a fresh Debian 12 as root. Each phase says
# what it does as it starts (apt's own lines, make's compile lines), how
# long it took, and on a failure the end of its log.
#
#   sh tools/setup.sh demo    build, then open the sample reports in the UI
#   sh tools/setup.sh test    build, run make check, the fuzzers (bounded),
#                             and the suite again under ASan and UBSan: a
#                             line per test and per suite as each ends, the
#                             total time, and last `N passed, N failed, N
#                             skipped` (what .ci/run and CI read)
#   sh tools/setup.sh deps    only install the packages
#   sh tools/setup.sh build   only build (in build/)
#
# Knobs for a quick run (tests/setup.sh uses them):
#   SETUP_SUITES="check asan distcheck fuzz"   the suites `test` runs
#   SETUP_TESTS="tests/cli.sh ..."             make check runs only these
#   SETUP_CHECK_PROGRAMS="tests/unit/x ..."    and builds only these test
#                                              programs (set and empty: none)
#   SETUP_CHECK_DIR=build                      the tree of the check suite
#                                              (default build-check)
#   MORTEM_TOOLKIT=DIR                         heap-snapshot-toolkit already
#                                              installed there: no npm
#   SETUP_NO_INSTALL=1                         a missing package stops deps
#                                              (exit 2), even as root
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
started=$(date +%s)

PACKAGES="build-essential autoconf automake pkg-config libncurses-dev libcjson-dev
libpcre2-dev libelf-dev libdw-dev libwslay-dev zlib1g-dev clang libclang-rt-14-dev nodejs npm
tmux gdb libc6-dbg gzip unzip zip binutils
qemu-user libc6-arm64-cross libstdc++6-arm64-cross"

missing_packages() {
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
			echo "$p"
	done
}

say() { echo "setup: $*"; }

# since T: the time since T (seconds of the epoch), "48 s" or "3 min 05 s".
since() {
	t=$(($(date +%s) - $1))
	if [ "$t" -ge 60 ]; then printf '%d min %02d s\n' $((t / 60)) $((t % 60)); else echo "$t s"; fi
}

# phase NAME LOG SHOW CMD...: run CMD with its output in LOG, also on the
# terminal (indented) when SHOW is 1; say how long it took; on a failure,
# the end of LOG and exit 1.
phase() {
	name=$1 log=$2 show=$3
	shift 3
	t0=$(date +%s)
	mkdir -p "$(dirname "$log")"
	: >"$log"
	if [ "$show" = 1 ]; then
		# the pipe runs CMD in a subshell: its status comes back in a file
		{ if "$@" 2>&1; then rc=0; else rc=$?; fi; echo "$rc" >"$log.rc"; } |
			tee -a "$log" | sed -u 's/^/    /'
		rc=$(cat "$log.rc")
		rm -f "$log.rc"
	elif "$@" >>"$log" 2>&1; then
		rc=0
	else
		rc=$?
	fi
	if [ "$rc" != 0 ]; then
		say "$name failed (exit $rc); the end of $log:" >&2
		tail -n 30 "$log" | sed 's/^/    /' >&2
		exit 1
	fi
	say "$name: done in $(since "$t0")"
}

deps() {
	# node may come from elsewhere (a tarball in /usr/local): then skip Debian's.
	need=$(missing_packages | while read -r p; do
		case $p in nodejs|npm) command -v "${p%js}" >/dev/null 2>&1 || command -v node >/dev/null 2>&1 || echo "$p" ;;
		*) echo "$p" ;; esac; done)
	# shellcheck disable=SC2086
	set -- $PACKAGES
	if [ -z "$need" ]; then
		say "deps: the $# packages are installed"
		return 0
	fi
	need=$(echo "$need" | tr "\n" " " | sed "s/ *$//")
	if [ "$(id -u)" != 0 ] || [ -n "${SETUP_NO_INSTALL:-}" ]; then
		say "missing packages (run as root to install): $need" >&2
		exit 2
	fi
	say "deps: installing $need"
	export DEBIAN_FRONTEND=noninteractive
	phase "apt-get update" "$top/build/setup-apt.log" 1 apt-get -q update
	# shellcheck disable=SC2086
	phase "apt-get install" "$top/build/setup-apt.log" 1 \
		apt-get -q install -y --no-install-recommends $need
}

# (subshells: phase may run them in this shell, whose directory stays $top)
make_build() ( cd "$top/build" && make -j"$(nproc)" )
configure_build() ( cd "$top/build" && ../configure -q --enable-werror )

# Every build is out of tree: build/ for use, build-*/ for the suite.
build() {
	if [ ! -x configure ]; then
		say "autoreconf: making ./configure (log: build/setup-autoreconf.log)"
		phase autoreconf "$top/build/setup-autoreconf.log" 0 autoreconf -fi
	fi
	mkdir -p build
	if [ ! -f build/Makefile ]; then
		say "configure: in build/ (log: build/setup-configure.log, build/config.log)"
		phase configure "$top/build/setup-configure.log" 0 configure_build
	fi
	say "make: in build/, $(nproc) jobs (log: build/setup-make.log)"
	phase make "$top/build/setup-make.log" 1 make_build
}

# log_of DIR TEST: the log of TEST in DIR (tests/x.sh logs to tests/x.log).
log_of() {
	if [ -f "$1/${2%.sh}.log" ]; then echo "$1/${2%.sh}.log"; else echo "$1/$2.log"; fi
}

# Sum the pass and fail counts of an automake test-suite.log.
count_log() {
	p=$(sed -n 's/^# PASS: *//p' "$1" | head -1)
	f=$(sed -n 's/^# FAIL: *//p' "$1" | head -1)
	e=$(sed -n 's/^# ERROR: *//p' "$1" | head -1)
	s=$(sed -n 's/^# SKIP: *//p' "$1" | head -1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0} + ${e:-0}))
	skipped=$((skipped + ${s:-0}))
	# Under CI everything a test needs was installed above: a skip there
	# is a failure, with its reason.
	if [ "${s:-0}" -gt 0 ]; then
		grep -E '^SKIP:' "$(dirname "$1").out" 2>/dev/null | while read -r _ t; do
			echo "SKIP: $t: $(grep -iE 'skip' "$(log_of "$(dirname "$1")" "$t")" 2>/dev/null | head -1)"
		done
		if [ "${CI:-}" = true ]; then failed=$((failed + s)); fi
	fi
}

# The parts a test skipped (a tool missing), one "SKIPPED: reason" line
# each in its log (skip_part in tests/lib.sh): counted and shown. Under
# CI=true the test itself already failed for them.
count_parts() {
	logs=$(find "$1/tests" -name '*.log' 2>/dev/null | sort)
	[ -n "$logs" ] || return 0
	n=$(echo "$logs" | while read -r log; do cat "$log"; done | grep -c '^SKIPPED: ' || true)
	skipped=$((skipped + ${n:-0}))
	echo "$logs" | while read -r log; do
		t=${log#"$1/"}
		t=${t%.log}
		[ -f "$top/$t.sh" ] && t=$t.sh
		sed -n "s|^SKIPPED: |SKIPPED: $t: |p" "$log"
	done
}

check_tree() {
	# $1: suite name, $2: build dir, rest: configure flags
	suite=$1 dir=$2
	shift 2
	t0=$(date +%s) p0=$passed f0=$failed s0=$skipped
	mkdir -p "$dir"
	# never count an earlier run's results
	rm -f "$dir/test-suite.log"
	: >"$dir.out"
	[ -d "$dir/tests" ] && find "$dir/tests" \( -name '*.log' -o -name '*.trs' \) -exec rm -f {} +
	say "$suite: building in $dir (log: $dir.out)"
	# automake's line for each test as it ends, indented
	(cd "$dir" && { [ -f Makefile ] || "$top/configure" -q "$@" >>"$dir.out" 2>&1; } &&
		make -j"$(nproc)" >>"$dir.out" 2>&1 &&
		make -j"$(nproc)" check ${SETUP_TESTS:+"TESTS=$SETUP_TESTS"} \
			${SETUP_CHECK_PROGRAMS+"check_PROGRAMS=$SETUP_CHECK_PROGRAMS"} 2>&1 |
		tee -a "$dir.out" |
		sed -u -n 's/^\(PASS\|FAIL\|ERROR\|SKIP\|XFAIL\|XPASS\): /    \1: /p') || true
	if [ -f "$dir/test-suite.log" ]; then
		count_log "$dir/test-suite.log"
		count_parts "$dir"
		grep -E '^(FAIL|ERROR):' "$dir.out" | while read -r _ t; do
			echo "FAIL: $t"; tail -25 "$(log_of "$dir" "$t")" 2>/dev/null | sed 's/^/    /'
		done
	else
		say "the build in $dir failed; the end of $dir.out:" >&2
		tail -30 "$dir.out" | sed 's/^/    /' >&2 2>/dev/null || true
		failed=$((failed + 1))
	fi
	echo "== $suite: $((passed - p0)) passed, $((failed - f0)) failed," \
		"$((skipped - s0)) skipped, in $(since "$t0")"
}

# fuzz_one DIR FUZZER: run it for FUZZ_SECONDS on a copy of its corpus;
# its output in DIR/NAME.out, its status in DIR/NAME.rc.
fuzz_one() {
	name=$(basename "$2")
	corpus="$top/tests/fuzz/corpus/${name#fuzz_}"
	work=$(mktemp -d)
	[ -d "$corpus" ] && cp -r "$corpus"/. "$work"/ 2>/dev/null || true
	# a crash's input is written into the build folder, never the tree
	"$2" -max_total_time="${FUZZ_SECONDS:-20}" -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$1/$name-" "$work" >"$1/$name.out" 2>&1
	echo $? >"$1/$name.rc"
	rm -rf "$work"
}

# fuzz_report DIR NAMES: a line for each fuzzer run, counted.
fuzz_report() {
	dir=$1
	shift
	for name in "$@"; do
		if [ "$(cat "$dir/$name.rc" 2>/dev/null)" = 0 ]; then
			passed=$((passed + 1)); echo "    PASS: $name (${FUZZ_SECONDS:-20} s)"
		else
			failed=$((failed + 1)); echo "    FAIL: $name"; tail -40 "$dir/$name.out"
		fi
	done
}

# Each fuzzer is one thread: as many run at once as there are cores.
run_fuzzers() {
	dir=$1 jobs=$(nproc) batch=
	for f in "$dir"/tests/fuzz/fuzz_*; do
		[ -x "$f" ] || continue
		rm -f "$dir/$(basename "$f").rc"
		fuzz_one "$dir" "$f" &
		batch="$batch $(basename "$f")"
		if [ "$(echo $batch | wc -w)" -ge "$jobs" ]; then
			wait
			fuzz_report "$dir" $batch
			batch=
		fi
	done
	wait
	fuzz_report "$dir" $batch
}

# DevTools' own heap snapshot code (heap-snapshot-toolkit, from npm) for the
# tests that check what mortem writes loads there with the same numbers.
toolkit() {
	[ -d bench/cache/node_modules/heap-snapshot-toolkit ] && return 0
	say "npm: installing heap-snapshot-toolkit into bench/cache"
	npm install --silent --no-audit --no-fund --prefix bench/cache heap-snapshot-toolkit \
		>/dev/null 2>&1 || say "npm could not install heap-snapshot-toolkit" >&2
}

# wants SUITE: whether `test` runs SUITE (SETUP_SUITES, default all).
wants() {
	case " ${SETUP_SUITES:-check asan distcheck fuzz} " in *" $1 "*) return 0 ;; esac
	return 1
}

distcheck() {
	t0=$(date +%s)
	say "make distcheck: in $top/build-check (log: build-distcheck.out)"
	if (cd "$top/build-check" && make -j"$(nproc)" distcheck >"$top/build-distcheck.out" 2>&1); then
		passed=$((passed + 1)); echo "    PASS: make distcheck"
		echo "== make distcheck: 1 passed, 0 failed, 0 skipped, in $(since "$t0")"
	else
		failed=$((failed + 1)); echo "    FAIL: make distcheck"
		tail -30 "$top/build-distcheck.out" | sed 's/^/    /'
		echo "== make distcheck: 0 passed, 1 failed, 0 skipped, in $(since "$t0")"
	fi
}

fuzzers() {
	t0=$(date +%s) p0=$passed f0=$failed
	say "fuzzers: building in $top/build-fuzz, then ${FUZZ_SECONDS:-20} s each, $(nproc) at once"
	mkdir -p "$top/build-fuzz"
	(cd "$top/build-fuzz" && { [ -f Makefile ] || CC=clang "$top/configure" -q --enable-fuzzing >/dev/null 2>&1; } &&
		make -j"$(nproc)" fuzzers >/dev/null 2>&1) || { echo "    FAIL: fuzz build"; failed=$((failed + 1)); }
	run_fuzzers "$top/build-fuzz"
	echo "== fuzzers: $((passed - p0)) passed, $((failed - f0)) failed, 0 skipped, in $(since "$t0")"
}

run_tests() {
	passed=0 failed=0 skipped=0
	if [ -z "${MORTEM_TOOLKIT:-}" ]; then
		toolkit
		MORTEM_TOOLKIT="$top/bench/cache/node_modules"
	fi
	export MORTEM_TOOLKIT
	if [ ! -x configure ]; then
		say "autoreconf: making ./configure"
		phase autoreconf "$top/build/setup-autoreconf.log" 0 autoreconf -fi
	fi
	check_dir=$top/${SETUP_CHECK_DIR:-build-check}
	if wants check; then check_tree "make check" "$check_dir" --enable-werror; fi
	if wants asan; then
		ASAN_OPTIONS=detect_leaks=1 CC=clang check_tree "make check under ASan and UBSan" \
			"$top/build-asan" --enable-sanitizers --enable-debug
	fi
	if wants distcheck; then distcheck; fi
	if wants fuzz; then fuzzers; fi
	say "total time $(since "$started")"
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
}

case "${1:-}" in
deps) deps ;;
build) deps; build; say "build: build/mortem is ready, in $(since "$started")" ;;
demo) deps; build
	say "demo: build/mortem samples/report-leak.json samples/report-pileup.json (q quits)"
	exec build/mortem samples/report-leak.json samples/report-pileup.json ;;
test) deps; run_tests ;;
*) echo "usage: sh tools/setup.sh demo|test|deps|build" >&2; exit 2 ;;
esac
