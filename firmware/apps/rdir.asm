; rdir.asm - RDIR.COM for Concord DOS: lists the other OS's directory.
;
;   RDIR [PATTERN]
;
; PATTERN (*.* when none, so the other OS's current drive) is matched by the other OS: find
; first and find next (AH=4Eh/4Fh) go through INT E0h, the other OS's INT 21h (gate.inc,
; GATES.md), with the DTA there set into the gate window for the listing and set back to what
; it was afterwards. Prints a line per file (name, size), then
;   RDIR: 7 files, 43520 bytes
; A failed call is named ("gate error C002 (cycle)", "no gate on INT E0h ..."). Exit code 0
; when the listing ended normally (also with no file found), 2 on a failed call. Runs on any
; DOS, against any DOS: AH=2Fh and 1Ah define no CF, so CF=1 after them is the gate's.
;
; Build: firmware/build.sh (nasm -f bin -o RDIR.COM rdir.asm)

        cpu     8086
        bits    16
        org     100h

%include "gate.inc"

start:
        cld
        call    gate_check              ; the window ours, and a DOS behind INT E0h
        jc      fail
        ; the pattern into the window
        mov     si, 81h
        mov     ax, GATE_SEG
        mov     es, ax
        mov     di, W_NAME
        mov     cx, 128
        call    tail_word
        jnc     .named
        mov     word [es:W_NAME], '*.'
        mov     word [es:W_NAME+2], '*'  ; '*', 0
.named:
        ; the other OS's DTA: keep it, then point it into the window
        mov     ah, 2Fh
        REMOTE21
        jc      fail
        mov     [old_dta], bx
        mov     [old_dta+2], es
        mov     ah, 1Ah
        mov     dx, W_DTA
        REMOTE21
        jc      fail
        mov     byte [dta_moved], 1

        mov     ah, 4Eh
        mov     cx, 0021h               ; read-only and archive files too
        mov     dx, W_NAME
        REMOTE21
.entry:
        jnc     .show
        cmp     ax, 18                  ; no more files
        je      .end
        cmp     ax, 2
        je      .end
        jmp     fail
.show:
        mov     ax, GATE_SEG
        mov     es, ax
        mov     si, W_DTA + 1Eh         ; the name
        call    print_z
        xor     cx, cx                  ; its length, for the padding
.length:
        cmp     byte [es:si], 0
        je      .pad
        inc     si
        inc     cx
        jmp     .length
.pad:
        mov     dl, ' '
.space:
        cmp     cx, 13
        jae     .size
        call    putc
        inc     cx
        jmp     .space
.size:
        mov     ax, [es:W_DTA + 1Ah]
        mov     dx, [es:W_DTA + 1Ch]
        add     [total], ax
        adc     [total+2], dx
        inc     word [files]
        mov     cx, 10
        call    print_dec32
        call    crlf
        mov     ah, 4Fh
        REMOTE21
        jmp     .entry

.end:
        call    restore_dta
        mov     dx, msg_rdir
        call    print
        mov     ax, [files]
        call    print_dec
        mov     dx, msg_files
        call    print
        mov     ax, [total]
        mov     dx, [total+2]
        xor     cx, cx
        call    print_dec32
        mov     dx, msg_bytes
        call    print
        mov     ax, 4C00h
        int     21h

fail:
        push    ax
        call    restore_dta
        mov     dx, msg_rdir
        call    print
        pop     ax
        call    print_error
        call    crlf
        mov     ax, 4C02h
        int     21h

; Gives the other OS its DTA back (when RDIR moved it).
restore_dta:
        cmp     byte [dta_moved], 0
        je      .done
        mov     ah, 1Ah
        mov     dx, [old_dta]
        push    ds
        mov     ds, [old_dta+2]
        clc
        int     GATE_VECTOR             ; DS:DX = the other OS's own DTA
        pop     ds
        mov     byte [dta_moved], 0
.done:
        ret

%include "gate_lib.inc"

msg_rdir:       db      "RDIR: $"
msg_files:      db      " files, $"
msg_bytes:      db      " bytes", 13, 10, "$"

old_dta:        dd      0
total:          dd      0
files:          dw      0
dta_moved:      db      0
