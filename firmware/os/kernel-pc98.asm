; kernel-pc98.asm - KERNEL.SYS of Concord DOS for the pc98 profile (the NEC PC-98's BIOS:
; INT 1Bh, 18h, 1Ch). The source is kernel.asm.

%define PROFILE_PC98
%include "kernel.asm"
