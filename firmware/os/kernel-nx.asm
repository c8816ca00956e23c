; kernel-nx.asm - KERNEL.SYS of Concord DOS for the nx profile (1024-byte sectors; INT 1Eh
; points at a table with N = 3, EOT = 8). The source is kernel.asm.

%define PROFILE_NX
%include "kernel.asm"
