; cdos-pc98.asm - the Concord DOS boot diskette for the pc98 profile (the NEC PC-98, the
; "other hardware"): 1.23M, 77 cylinders x 2 heads x 8 sectors of 1024 bytes, FAT12 in the
; PC-98 layout (1 sector per cluster, 2 FATs of 2 sectors, 192 root entries, media FEh).
; Layout in image.inc.
;
; Build: firmware/build.sh (after pc98/KERNEL.SYS and ../apps)

%define PROFILE_PC98
BPS             equ     1024
BOOT_N          equ     3               ; the sector length code of 1024 bytes
SPC             equ     1
ROOTENT         equ     192
TOTSEC          equ     1232
MEDIA           equ     0FEh
FATSZ           equ     2
SPT             equ     8
HEADS           equ     2
%define KERNEL_FILE "pc98/KERNEL.SYS"
%define AUTOEXEC_FILE "disk/pc98/AUTOEXEC.BAT"
%define POWEROFF_FILE "../apps/pc98/POWEROFF.COM"
%define XFER_FILE "../apps/pc98/XFER.COM"

%include "image.inc"
