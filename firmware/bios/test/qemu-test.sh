#!/usr/bin/env bash
# qemu-test.sh - run biostest.asm on the BIOS under QEMU (a manual check of the BIOS against
# QEMU's standard PC devices; CI does not need it).
#
#   firmware/bios/test/qemu-test.sh         needs nasm, qemu-system-i386, mkfs.fat, socat
#
# QEMU runs as an ISA PC (-M isapc: no local APIC, which an 8086 BIOS does not program), with
# A: = a 1.44M disk holding biostest, B: = an empty 720K FAT12 disk, the debug console on
# port E9h, and QEMU's isa-debug-exit at port EFh standing in for the power relay (the APM
# power-off writes 1 there: QEMU exits with status 3). Keys are typed through the QEMU
# monitor when the test asks for them. Passes when every check printed "ok".
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
qemu=
cleanup() {
  if [ -n "$qemu" ]; then kill "$qemu" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

nasm -f bin -I "$here/../" -o "$work/bios.bin" "$here/../bios.asm"
nasm -f bin -o "$work/biostest.bin" "$here/biostest.asm"
dd if=/dev/zero of="$work/a.img" bs=512 count=2880 status=none
dd if="$work/biostest.bin" of="$work/a.img" conv=notrunc status=none
mkfs.fat -C -F 12 "$work/b.img" 720 >/dev/null

timeout 120 qemu-system-i386 -M isapc -bios "$work/bios.bin" \
  -drive file="$work/a.img",if=floppy,format=raw,index=0 \
  -drive file="$work/b.img",if=floppy,format=raw,index=1 \
  -display none -debugcon file:"$work/console.txt" \
  -monitor unix:"$work/monitor.sock",server,nowait \
  -device isa-debug-exit,iobase=0xef,iosize=1 -no-reboot &
qemu=$!
for _ in $(seq 1 300); do
  grep -q "keys:" "$work/console.txt" 2>/dev/null && break
  sleep 0.2
done
for key in a shift-b ctrl-c f1 caps_lock a caps_lock kp_7 num_lock kp_7 num_lock up kp_enter; do
  echo "sendkey $key" | socat - unix-connect:"$work/monitor.sock" >/dev/null 2>&1
  sleep 0.2
done
status=0
wait "$qemu" || status=$?
qemu=
cat "$work/console.txt"
echo
if [ "$status" -ne 3 ]; then
  echo "qemu-test: QEMU exited with $status, not 3 (APM power off through port EFh)" >&2
  exit 1
fi
if grep -q "^FAIL" "$work/console.txt" || ! grep -q "failures 0000" "$work/console.txt"; then
  echo "qemu-test: some checks failed" >&2
  exit 1
fi
grep -q "keys: 1E61 3042 2E03 3B00 1E41 4700 4737 4800 1C0D" "$work/console.txt" || { echo "qemu-test: keys read back wrong" >&2; exit 1; }
echo "qemu-test: all checks passed, powered off through APM"
