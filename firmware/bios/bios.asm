; bios.asm - the Concord BIOS: a 64 KiB ROM for segment F000h (F0000h-FFFFFh).
;
; An IBM PC/AT-style BIOS for one 8086 with standard PC devices, written for Concord (a
; virtual machine monitor) but faithful to the real hardware interfaces: every service
; drives the real ports (PIC, PIT, DMA, FDC, 8042, CRTC, CMOS), so a monitor that traps
; them sees every device access. 8086 instructions only.
;
; Layout of the image (offsets in segment F000h):
;   0000h-...    code and tables (the areas below, one file each)
;   EFC0h        INT 06h (invalid opcode, 80286 and later) unless the OS installs its own: a HLT
;                the monitor registers as a stub, so it stops the VM and reports the opcode
;   EFC7h        the default diskette parameter table (INT 1Eh), at its traditional address:
;                1.44M
;   FFF0h        reset vector: jmp F000:post
;   FFF5h        release date "MM/DD/YY" (fixed, so the image is reproducible)
;   FFFEh        model byte FCh (PC/AT)
;
; Files: defs.inc (constants), post.inc (power-on self test), vectors.inc (IVT, default
; handlers, small services), timer.inc (INT 08h, 1Ah, delays, CMOS), keyboard.inc (INT 09h,
; 16h), video.inc (INT 10h), disk.inc (INT 0Eh, 13h, diskette parameter tables),
; system.inc (INT 15h, APM), boot.inc (INT 18h, 19h).
;
; The PC-98 profile has its own BIOS (firmware/bios98).
;
; Build: firmware/build.sh (nasm -f bin).

        cpu     8086
        bits    16
        org     0

%include "defs.inc"

bios_start:
        db      "Concord BIOS", 0

%include "post.inc"
%include "vectors.inc"
%include "timer.inc"
%include "keyboard.inc"
%include "video.inc"
%include "disk.inc"
%include "system.inc"
%include "boot.inc"

code_end:

; ---- Fixed addresses ----------------------------------------------------------------------
        times   0EFC0h-($-$$) db 0FFh
invalid_opcode_stop:                    ; reached through INT 06h: the faulting CS:IP is on the stack
        hlt                             ; a monitor stub: the VM stops with "invalid opcode"
        jmp     invalid_opcode_stop     ; (without a monitor, stay here)

        times   0EFC7h-($-$$) db 0FFh
dpt_default:                            ; the INT 1Eh default
dpt_1440:                               ; 1.44M, 3.5" high density
        db      0AFh                    ; step rate 6 ms (A), head unload 240 ms (F)
        db      02h                     ; head load 2 ms, DMA mode
        db      25h                     ; motor off delay: 37 ticks (about 2 s)
        db      02h                     ; 512 bytes per sector
        db      18                      ; sectors per track (EOT)
        db      1Bh                     ; gap length for read/write
        db      0FFh                    ; data length (unused with 512-byte sectors)
        db      6Ch                     ; gap length for format
        db      0F6h                    ; fill byte for format
        db      15                      ; head settle time in ms
        db      8                       ; motor start time in 1/8 s

        times   0FFF0h-($-$$) db 0FFh
reset_vector:
        jmp     BIOS_SEG:post           ; FFF0h
        db      "11/27/26"              ; FFF5h: release date
        db      0                       ; FFFDh
        db      0FCh                    ; FFFEh: model byte, PC/AT
        db      0                       ; FFFFh
