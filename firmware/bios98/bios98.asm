; bios98.asm - the Concord PC-98 BIOS: a 64 KiB ROM for segment F000h (F0000h-FFFFFh).
;
; A BIOS of our own for the NEC PC-9801 family's 8086 machines, with the services PC-98 DOS
; software calls, driving the PC-98's chips through their real ports: the 8259A pair at
; 00h/02h and 08h/0Ah (slave on IR7), the 8253 at 71h-77h (2.4576 MHz), the 8251 keyboard at
; 41h/43h, the text GDC at 60h/62h, the 8237A at 01h-1Fh with bank registers 21h-27h, the
; uPD765A 1 MB floppy interface at 90h/92h/94h, the uPD1990A calendar at 20h (read through the
; system port's 33h bit 0), the beeper at 37h. 8086 instructions only.
;
; Services: INT 18h (keyboard, text screen), INT 1Bh (1 MB diskettes by DA/UA), INT 1Ch
; (calendar, interval timer), INT 1Fh AH=9Ah (APM: power off), the hardware interrupts, and
; the boot from the first 1 MB drive holding a diskette of 1024-byte sectors: its first sector
; goes to 1FC0:0000 and runs there, its DA/UA at 0000:0584h.
;
; Files: defs.inc (constants), post.inc (power-on), vectors.inc (IVT, default handlers, APM),
; timer.inc (INT 08h, 1Ch, the calendar), keyboard.inc (INT 09h, the INT 18h keyboard
; functions, the key tables), crt.inc (the INT 18h screen functions), disk.inc (INT 13h,
; 1Bh), boot.inc (the boot).
;
; Build: firmware/build.sh (nasm -f bin).

        cpu     8086
        bits    16
        org     0

%include "defs.inc"

bios_start:
        db      "Concord PC-98 BIOS", 0

%include "post.inc"
%include "vectors.inc"
%include "timer.inc"
%include "keyboard.inc"
%include "crt.inc"
%include "disk.inc"
%include "boot.inc"

code_end:

        times   0FFF0h-($-$$) db 0FFh
reset_vector:
        jmp     BIOS_SEG:post           ; FFF0h
        db      "11/27/26"              ; FFF5h: release date
        db      0, 0, 0                 ; FFFDh
