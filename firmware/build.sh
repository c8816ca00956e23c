#!/usr/bin/env bash
# Builds the firmware images from their NASM sources.
#
#   firmware/build.sh           assemble every image listed below, in place
#   firmware/build.sh --check   assemble into a temporary folder and fail on any difference
#                               from the committed images (CI runs this)
#
# To add an image, add a line to IMAGES: "<source.asm> <image> [<size in bytes>]", paths
# relative to firmware/. Each source is assembled with `nasm -f bin`, with its own folder on
# the include path; when a size is given, an image of any other size is an error.
set -euo pipefail

IMAGES=(
  "hello/hello.asm hello/hello.img 1474560"
  "bios/bios.asm bios/bios.bin 65536"
  "bios/test/biostest.asm bios/test/biostest.bin"
  "bios98/bios98.asm bios98/bios98.bin 65536"
  "bios98/test/bios98test.asm bios98/test/bios98test.img 1261568"
  "os/kernel.asm os/at/KERNEL.SYS"
  "os/kernel-pc98.asm os/pc98/KERNEL.SYS"
  "apps/hello.asm apps/HELLO.COM"
  "apps/write.asm apps/WRITE.COM"
  "apps/xfer.asm apps/XFER.COM"
  "apps/rdir.asm apps/RDIR.COM"
  "apps/rtype.asm apps/RTYPE.COM"
  "apps/poweroff.asm apps/POWEROFF.COM"
  "apps/xfer-pc98.asm apps/pc98/XFER.COM"
  "apps/poweroff-pc98.asm apps/pc98/POWEROFF.COM"
  "apps/exitwith.asm apps/EXITWITH.COM"
  "os/disk/data.asm os/disk/DATA.BIN 37000"
  "os/cdos-at.asm os/cdos-at.img 1474560"
  "os/cdos-pc98.asm os/cdos-pc98.img 1261568"
)

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
check=0
case "${1:-}" in
  "") ;;
  --check) check=1 ;;
  *) echo "build.sh: unknown argument '$1'; valid: --check (or nothing to build in place)" >&2; exit 2 ;;
esac

if ! command -v nasm >/dev/null 2>&1; then
  echo "build.sh: nasm is not installed (apt-get install -y nasm)" >&2
  exit 2
fi

out_dir="$here"
if [ "$check" = 1 ]; then
  out_dir="$(mktemp -d)"
  trap 'rm -rf "$out_dir"' EXIT
fi

failures=0
for entry in "${IMAGES[@]}"; do
  read -r source image size <<<"$entry"
  mkdir -p "$out_dir/$(dirname "$image")"
  nasm -f bin -I "$here/$(dirname "$source")/" -o "$out_dir/$image" "$here/$source"
  if [ -n "${size:-}" ]; then
    actual=$(wc -c <"$out_dir/$image")
    if [ "$actual" -ne "$size" ]; then
      echo "build.sh: firmware/$source assembles to $actual bytes; firmware/$image must be $size" >&2
      failures=$((failures + 1))
      continue
    fi
  fi
  if [ "$check" = 1 ]; then
    if [ ! -f "$here/$image" ]; then
      echo "build.sh: firmware/$image is not committed; run firmware/build.sh and commit it" >&2
      failures=$((failures + 1))
    elif ! cmp -s "$out_dir/$image" "$here/$image"; then
      echo "build.sh: firmware/$image differs from what firmware/$source assembles to; run firmware/build.sh and commit it" >&2
      cmp -l "$out_dir/$image" "$here/$image" 2>&1 | head -5 | sed 's/^/  /' >&2 || true
      failures=$((failures + 1))
    else
      echo "firmware/$image: up to date"
    fi
  else
    echo "firmware/$image: built from firmware/$source"
  fi
done

if [ "$failures" -gt 0 ]; then
  echo "build.sh: $failures firmware image(s) out of date" >&2
  exit 1
fi
