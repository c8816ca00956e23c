; poweroff-pc98.asm - POWEROFF.COM for Concord DOS on the PC-98 (APM through INT 1Fh
; AH=9Ah). The source is poweroff.asm.

%define PROFILE_PC98
%include "poweroff.asm"
