; xfer-pc98.asm - XFER.COM for Concord DOS on the PC-98 (timed with INT 1Ch's interval
; timer). The source is xfer.asm.

%define PROFILE_PC98
%include "xfer.asm"
