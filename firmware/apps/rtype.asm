; rtype.asm - RTYPE.COM for Concord DOS: shows a file of the other OS.
;
;   RTYPE FILE
;
; FILE is opened, read (512 bytes at a time, into the gate window) and closed through INT
; E0h, the other OS's INT 21h (gate.inc, GATES.md); each block is written to the screen
; with this OS's INT 21h AH=40h on handle 1. A failed call is named ("gate error C002
; (cycle)", "no gate on INT E0h ...", "error 0002 (file not found)"). Exit code 0 when the
; whole file was shown, 1 without a name, 2 on a failed call. Runs on any DOS, against any DOS.
;
; Build: firmware/build.sh (nasm -f bin -o RTYPE.COM rtype.asm)

        cpu     8086
        bits    16
        org     100h

%include "gate.inc"

CHUNK           equ     512

start:
        cld
        call    gate_check              ; the window ours, and a DOS behind INT E0h
        jc      fail
        mov     si, 81h
        mov     ax, GATE_SEG
        mov     es, ax
        mov     di, W_NAME
        mov     cx, 128
        call    tail_word
        jnc     .named
        mov     dx, msg_usage
        call    print
        mov     ax, 4C01h
        int     21h
.named:
        mov     ax, 3D00h               ; read
        mov     dx, W_NAME
        REMOTE21
        jc      fail
        mov     [handle], ax
.chunk:
        mov     ah, 3Fh
        mov     bx, [handle]
        mov     cx, CHUNK
        mov     dx, W_BUF
        REMOTE21
        jc      fail_open
        test    ax, ax
        jz      .end
        mov     cx, ax
        mov     ah, 40h
        mov     bx, 1
        push    ds
        mov     dx, GATE_SEG
        mov     ds, dx
        mov     dx, W_BUF
        int     21h
        pop     ds
        jmp     .chunk
.end:
        mov     ah, 3Eh
        mov     bx, [handle]
        REMOTE21
        mov     ax, 4C00h
        int     21h

fail_open:
        push    ax
        mov     ah, 3Eh
        mov     bx, [handle]
        REMOTE21
        pop     ax
fail:
        push    ax
        call    crlf
        mov     dx, msg_rtype
        call    print
        pop     ax
        call    print_error
        call    crlf
        mov     ax, 4C02h
        int     21h

%include "gate_lib.inc"

msg_usage:      db      "usage: RTYPE FILE  (a file of the other OS, through INT E0h)", 13, 10, "$"
msg_rtype:      db      "RTYPE: $"
handle:         dw      0
