; cdos-at.asm - the Concord DOS boot diskette for the at profile: 1.44M, 80 cylinders x 2
; heads x 18 sectors of 512 bytes, FAT12 (1 sector per cluster, 2 FATs of 9 sectors,
; 224 root entries, media F0h). Layout in image.inc.
;
; Build: firmware/build.sh (after at/KERNEL.SYS and ../apps)

BPS             equ     512
SPC             equ     1
ROOTENT         equ     224
TOTSEC          equ     2880
MEDIA           equ     0F0h
FATSZ           equ     9
SPT             equ     18
HEADS           equ     2
%define KERNEL_FILE "at/KERNEL.SYS"
%define AUTOEXEC_FILE "disk/at/AUTOEXEC.BAT"
%define POWEROFF_FILE "../apps/POWEROFF.COM"
%define XFER_FILE "../apps/XFER.COM"

%include "image.inc"
