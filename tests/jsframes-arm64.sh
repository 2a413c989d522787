# tests/jsframes-arm64.sh: the default suite's one case of the architecture
# matrix (make check-arches runs it all): an arm64 node 20 core made under
# qemu-aarch64 at test time, whose JavaScript frames must equal V8's own
# printed stack (tests/jsframes-arches.sh).
MORTEM_JS_ARCHES=arm64
MORTEM_ARM64_NODES=20
. "${top_srcdir:-.}/tests/jsframes-arches.sh"
