#!/bin/sh
# tools/setup.sh: install what is missing, build, and then open the demo or
# run the whole suite. Works on a fresh Debian 12 as root.
#
#   sh tools/setup.sh demo    build, then open the sample reports in the UI
#   sh tools/setup.sh test    build, run make check, the fuzzers (bounded),
#                             and the suite again under ASan and UBSan
#   sh tools/setup.sh deps    only install the packages
#   sh tools/setup.sh build   only build (in ./)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

PACKAGES="build-essential autoconf automake pkg-config libncurses-dev libcjson-dev
libpcre2-dev libelf-dev libdw-dev zlib1g-dev clang libclang-rt-14-dev nodejs npm
tmux gdb gzip unzip zip binutils"

missing_packages() {
	for p in $PACKAGES; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
			echo "$p"
	done
}

deps() {
	# node may come from elsewhere (a tarball in /usr/local): then skip Debian's.
	need=$(missing_packages | while read -r p; do
		case $p in nodejs|npm) command -v "${p%js}" >/dev/null 2>&1 || command -v node >/dev/null 2>&1 || echo "$p" ;;
		*) echo "$p" ;; esac; done)
	[ -z "$need" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		echo "setup: missing packages (run as root to install): $need" >&2
		exit 2
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $need >/dev/null
}

# Every build is out of tree: build/ for use, build-*/ for the suite.
build() {
	[ -x configure ] || autoreconf -fi >/dev/null 2>&1
	mkdir -p build
	(cd build && { [ -f Makefile ] || ../configure -q --enable-werror >/dev/null 2>&1; } &&
		make -j"$(nproc)" >/dev/null)
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
	# $1: build dir, rest: configure flags
	dir=$1; shift
	mkdir -p "$dir"
	# never count an earlier run's results
	rm -f "$dir/test-suite.log"
	: >"$dir.out"
	[ -d "$dir/tests" ] && find "$dir/tests" \( -name '*.log' -o -name '*.trs' \) -exec rm -f {} +
	(cd "$dir" && { [ -f Makefile ] || "$top/configure" -q "$@" >>"$dir.out" 2>&1; } &&
		make -j"$(nproc)" >>"$dir.out" 2>&1 && make -j"$(nproc)" check >>"$dir.out" 2>&1) || true
	if [ -f "$dir/test-suite.log" ]; then
		count_log "$dir/test-suite.log"
		count_parts "$dir"
		grep -E '^(FAIL|ERROR):' "$dir.out" | while read -r _ t; do
			echo "FAIL: $t"; tail -25 "$(log_of "$dir" "$t")" 2>/dev/null | sed 's/^/    /'
		done
	else
		echo "setup: the build in $dir failed:" >&2
		tail -30 "$dir.out" >&2 2>/dev/null || true
		failed=$((failed + 1))
	fi
}

run_fuzzers() {
	dir=$1
	for f in "$dir"/tests/fuzz/fuzz_*; do
		[ -x "$f" ] || continue
		name=$(basename "$f")
		corpus="$top/tests/fuzz/corpus/${name#fuzz_}"
		work=$(mktemp -d)
		[ -d "$corpus" ] && cp -r "$corpus"/. "$work"/ 2>/dev/null || true
		if "$f" -max_total_time="${FUZZ_SECONDS:-30}" -timeout=10 -rss_limit_mb=2048 \
			"$work" >"$dir/$name.out" 2>&1; then
			passed=$((passed + 1)); echo "PASS: $name (${FUZZ_SECONDS:-30} s)"
		else
			failed=$((failed + 1)); echo "FAIL: $name"; tail -40 "$dir/$name.out"
		fi
		rm -rf "$work"
	done
}

# DevTools' own heap snapshot code (heap-snapshot-toolkit, from npm) for the
# tests that check what mortem writes loads there with the same numbers.
toolkit() {
	[ -d bench/cache/node_modules/heap-snapshot-toolkit ] && return 0
	npm install --silent --no-audit --no-fund --prefix bench/cache heap-snapshot-toolkit \
		>/dev/null 2>&1 || echo "setup: npm could not install heap-snapshot-toolkit" >&2
}

run_tests() {
	passed=0 failed=0 skipped=0
	toolkit
	MORTEM_TOOLKIT="$top/bench/cache/node_modules"
	export MORTEM_TOOLKIT
	[ -x configure ] || autoreconf -fi >/dev/null 2>&1
	echo "== make check"
	check_tree "$top/build-check" --enable-werror
	echo "== make check under ASan and UBSan"
	ASAN_OPTIONS=detect_leaks=1 CC=clang check_tree "$top/build-asan" --enable-sanitizers --enable-debug
	echo "== make distcheck"
	if (cd "$top/build-check" && make -j"$(nproc)" distcheck >"$top/build-distcheck.out" 2>&1); then
		passed=$((passed + 1)); echo "PASS: make distcheck"
	else
		failed=$((failed + 1)); echo "FAIL: make distcheck"; tail -30 "$top/build-distcheck.out"
	fi
	echo "== fuzzers"
	mkdir -p "$top/build-fuzz"
	(cd "$top/build-fuzz" && { [ -f Makefile ] || CC=clang "$top/configure" -q --enable-fuzzing >/dev/null 2>&1; } &&
		make -j"$(nproc)" fuzzers >/dev/null 2>&1) || { echo "FAIL: fuzz build"; failed=$((failed + 1)); }
	run_fuzzers "$top/build-fuzz"
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
}

case "${1:-}" in
deps) deps ;;
build) deps; build ;;
demo) deps; build; exec build/mortem samples/report-leak.json samples/report-pileup.json ;;
test) deps; run_tests ;;
*) echo "usage: sh tools/setup.sh demo|test|deps|build" >&2; exit 2 ;;
esac
