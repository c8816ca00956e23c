; poweroff.asm - POWEROFF.COM for Concord DOS: writes the disks back and asks the APM BIOS to
; switch the machine off. On Concord's PC the BIOS answers INT 15h 5307h (all devices off) by
; writing the machine's power port (on the PC-98, -DPROFILE_PC98, the APM functions are
; INT 1Fh with AH=9Ah, AL as INT 15h AH=53h's); on a machine of several VMs the request stops this VM, and
; the power relay's policy decides when the power is cut (`all`: when the last VM asks;
; docs/multi-vm.md). Returns only when the BIOS refused: a message and exit code 1.
;
; The shell finds it on the boot drive when the current drive does not have it, so POWEROFF
; works from any drive.
;
; Build: firmware/build.sh (nasm -f bin -o POWEROFF.COM poweroff.asm; poweroff-pc98.asm for
; the PC-98)

%ifdef PROFILE_PC98
APM_INT         equ     1Fh
APM_AH          equ     9Ah
%else
APM_INT         equ     15h
APM_AH          equ     53h
%endif

        cpu     8086
        bits    16
        org     100h

start:
        mov     ah, 0Dh                 ; disk reset: write back what the kernel still holds
        int     21h
        mov     dx, msg_power
        mov     ah, 09h
        int     21h
        mov     ax, APM_AH << 8 | 01h   ; APM: connect the real-mode interface
        xor     bx, bx                  ; (to the system BIOS)
        int     APM_INT
        mov     ax, APM_AH << 8 | 0Eh   ; driver version 1.2
        xor     bx, bx
        mov     cx, 0102h
        int     APM_INT
        mov     ax, APM_AH << 8 | 07h   ; set power state: all devices, off
        mov     bx, 0001h
        mov     cx, 0003h
        int     APM_INT
        mov     dx, msg_failed          ; still here: the BIOS said no
        mov     ah, 09h
        int     21h
        mov     ax, 4C01h
        int     21h

msg_power:      db      "Powering off.", 13, 10, "$"
msg_failed:     db      "APM power off failed", 13, 10, "$"
