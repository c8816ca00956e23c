; xfer.asm - XFER.COM for Concord DOS: copies a file of the other OS into a local file.
;
;   XFER SRC DST [/512]
;
; SRC is opened, read and closed through INT E0h, the other OS's INT 21h (gate.inc, GATES.md),
; in blocks of 1024 bytes (512 with /512) that land in the gate window; DST is created and
; written with this OS's own INT 21h, straight from the window. A call that fails is counted
; as an error and the block is tried again, up to RETRIES more times (each counted as a
; retry), after seeking both files back to the block's start; a gate failure that retrying
; cannot cure (no gate, callee unavailable, window refused, no handler) stops at once.
; Prints a dot per block copied, each error on a line of its own, then
;   XFER: 37888 bytes
;   XFER: 37 blocks, 0 errors, 0 retries
; Exit code 0 when the whole file was copied, 1 on bad arguments, 2 when SRC cannot be
; opened, 3 when DST cannot be created, 4 when a block failed every try.
;
; Build: firmware/build.sh (nasm -f bin -o XFER.COM xfer.asm)

        cpu     8086
        bits    16
        org     100h

%include "gate.inc"

RETRIES         equ     3               ; tries of a block after the first

start:
        cld
        ; the block size: /512 anywhere in the tail
        mov     word [block], 1024
        mov     si, 81h
.switch:
        lodsb
        cmp     al, 13
        je      .names
        cmp     al, '/'
        jne     .switch
        cmp     word [si], '51'
        jne     .switch
        cmp     byte [si+2], '2'
        jne     .switch
        mov     word [block], 512
        mov     word [si-1], '  '       ; blank it out for the names
        mov     word [si+1], '  '
.names:
        ; SRC into the window, DST here
        mov     si, 81h
        mov     ax, GATE_SEG
        mov     es, ax
        mov     di, W_NAME
        mov     cx, 128
        call    tail_word
        jc      usage
        push    ds
        pop     es
        mov     di, dst_name
        mov     cx, DST_MAX
        call    tail_word
        jc      usage

        ; open SRC in the other OS
        mov     ax, 3D80h               ; read, owned by no program (GATES.md)
        mov     dx, W_NAME
        REMOTE21
        jnc     .opened
        mov     dx, msg_open_src
        call    print
        call    print_error
        call    crlf
        mov     ax, 4C02h
        int     21h
.opened:
        mov     [src_handle], ax

        ; create DST here
        mov     ah, 3Ch
        xor     cx, cx
        mov     dx, dst_name
        int     21h
        jnc     .created
        mov     dx, msg_create
        call    print
        call    print_error
        call    crlf
        call    close_src
        mov     ax, 4C03h
        int     21h
.created:
        mov     [dst_handle], ax

;------------------------------------------------------------------------------------------
; The blocks
;------------------------------------------------------------------------------------------
next_block:
        mov     byte [tries], 0
.read:
        mov     ah, 3Fh
        mov     bx, [src_handle]
        mov     cx, [block]
        mov     dx, W_BUF
        REMOTE21
        jnc     .got
        mov     dx, msg_read
        call    failed                  ; ZF=1: give up
        jz      give_up
        call    seek_back
        jmp     .read
.got:
        mov     [count], ax
        test    ax, ax
        jz      finished                ; the end of SRC
.write:
        mov     ah, 40h
        mov     bx, [dst_handle]
        mov     cx, [count]
        push    ds
        mov     dx, GATE_SEG
        mov     ds, dx
        mov     dx, W_BUF
        int     21h
        pop     ds
        jc      .write_failed
        cmp     ax, [count]
        je      .written
        mov     ax, 5                   ; a short write: the disk is full
.write_failed:
        mov     dx, msg_write
        call    failed
        jz      give_up
        call    seek_back
        jmp     next_block.read         ; the window may have been used: read the block again
.written:
        inc     word [blocks]
        mov     ax, [count]
        add     [position], ax
        adc     word [position+2], 0
        mov     dl, '.'
        call    putc
        cmp     ax, [block]
        je      next_block              ; a short block is the last

finished:
        call    close_src
        mov     ah, 3Eh
        mov     bx, [dst_handle]
        int     21h
        jnc     .closed
        mov     dx, msg_close
        call    print
        call    print_error
        call    crlf
        inc     word [errors]
.closed:
        call    summary
        mov     al, 0
        cmp     word [errors], 0
        je      .exit
        cmp     byte [gave_up], 0
        je      .exit
        mov     al, 4
.exit:
        mov     ah, 4Ch
        int     21h

give_up:
        mov     byte [gave_up], 1
        jmp     finished

usage:
        mov     dx, msg_usage
        call    print
        mov     ax, 4C01h
        int     21h

;------------------------------------------------------------------------------------------
; Helpers
;------------------------------------------------------------------------------------------

; A call for the current block failed with AX; DX = what it was ("read", "write"). Counts
; and reports the error, then decides. Out: ZF=1 to give up, ZF=0 to try again (counted).
failed:
        push    dx
        inc     word [errors]
        call    crlf
        mov     dx, msg_block
        call    print
        push    ax
        mov     ax, [blocks]
        inc     ax
        call    print_dec
        pop     ax
        pop     dx
        call    print
        call    print_error
        call    fatal_gate_error
        je      .give_up
        cmp     byte [tries], RETRIES
        jae     .give_up
        inc     byte [tries]
        inc     word [retries]
        mov     dx, msg_retry
        call    print
        or      ax, ax                  ; ZF=0 (AX is an error code, never 0)
        jnz     .done
.give_up:
        mov     dx, msg_give_up
        call    print
        xor     dx, dx                  ; ZF=1
.done:
        ret

; Puts both files back at the current block's start (errors here show up on the retry).
seek_back:
        push    ax
        push    bx
        push    cx
        push    dx
        mov     ax, 4200h
        mov     bx, [src_handle]
        mov     cx, [position+2]
        mov     dx, [position]
        REMOTE21
        mov     ax, 4200h
        mov     bx, [dst_handle]
        mov     cx, [position+2]
        mov     dx, [position]
        int     21h
        pop     dx
        pop     cx
        pop     bx
        pop     ax
        ret

close_src:
        mov     ah, 3Eh
        mov     bx, [src_handle]
        REMOTE21
        jnc     .done
        mov     dx, msg_close
        call    print
        call    print_error
        call    crlf
        inc     word [errors]
.done:
        ret

; The two closing lines.
summary:
        call    crlf
        mov     dx, msg_xfer
        call    print
        mov     ax, [position]
        mov     dx, [position+2]
        xor     cx, cx
        call    print_dec32
        mov     dx, msg_bytes
        call    print
        mov     dx, msg_xfer
        call    print
        mov     ax, [blocks]
        call    print_dec
        mov     dx, msg_blocks
        call    print
        mov     ax, [errors]
        call    print_dec
        mov     dx, msg_errors
        call    print
        mov     ax, [retries]
        call    print_dec
        mov     dx, msg_retries
        call    print
        ret

%include "gate_lib.inc"

msg_usage:      db      "usage: XFER SRC DST [/512]  (SRC on the other OS, through INT E0h)", 13, 10, "$"
msg_open_src:   db      "XFER: cannot open the source: $"
msg_create:     db      "XFER: cannot create the destination: $"
msg_close:      db      "XFER: close: $"
msg_block:      db      "XFER: block $"
msg_read:       db      " read: $"
msg_write:      db      " write: $"
msg_retry:      db      ", retrying", 13, 10, "$"
msg_give_up:    db      ", giving up", 13, 10, "$"
msg_xfer:       db      "XFER: $"
msg_bytes:      db      " bytes", 13, 10, "$"
msg_blocks:     db      " blocks, $"
msg_errors:     db      " errors, $"
msg_retries:    db      " retries", 13, 10, "$"

DST_MAX         equ     80
block:          dw      0
src_handle:     dw      0
dst_handle:     dw      0
count:          dw      0
position:       dd      0
blocks:         dw      0
errors:         dw      0
retries:        dw      0
tries:          db      0
gave_up:        db      0
dst_name:       times DST_MAX db 0
