; cdos-nx.asm - the Concord DOS boot diskette for the nx profile ("other hardware"): 1.23M,
; 77 cylinders x 2 heads x 8 sectors of 1024 bytes, FAT12 in the PC-98 layout (1 sector per
; cluster, 2 FATs of 2 sectors, 192 root entries, media FEh). Layout in image.inc.
;
; Build: firmware/build.sh (after nx/KERNEL.SYS and ../apps)

%define PROFILE_NX
BPS             equ     1024
SPC             equ     1
ROOTENT         equ     192
TOTSEC          equ     1232
MEDIA           equ     0FEh
FATSZ           equ     2
SPT             equ     8
HEADS           equ     2
%define KERNEL_FILE "nx/KERNEL.SYS"
%define AUTOEXEC_FILE "disk/nx/AUTOEXEC.BAT"

%include "image.inc"
