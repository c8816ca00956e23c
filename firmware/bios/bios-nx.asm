; bios-nx.asm - the Concord BIOS for the nx profile (the "other hardware"): text in the PC-98
; layout at A0000h/A2000h with a GDC cursor at E0h/E2h, the 1.23M diskette format (N = 3,
; EOT = 8) in the INT 1Eh table. The source is bios.asm; see its header and README.md.

%define PROFILE_NX
%include "bios.asm"
