; hello.asm: a boot sector that greets through the debug console and stops.
;
; Concord's BIOS boots it from drive A: (the image is padded to a whole 1.44 MB diskette, the
; size a drive needs; the rest is blank). It writes its text byte by byte to
; port E9h (the debug console: Concord, Bochs and QEMU's isa-debugcon print it) and then
; halts with interrupts disabled, which ends the run with exit status 0. It tells an 8086
; from an 80286 by the FLAGS bits 12-15, which read as ones on the 8086 and as zeros on the
; 80286 in real mode; try `concord run --floppy firmware/hello/hello.img --headless --cpu 80286`.
;
; Build: firmware/build.sh (nasm -f bin -o hello.img hello.asm)

        cpu     8086
        bits    16
        org     7C00h

DEBUG_CONSOLE   equ     0E9h

start:
        cli
        cld
        xor     ax, ax
        mov     ds, ax
        mov     ss, ax
        mov     sp, 7C00h

        mov     si, greeting
        call    print

        ; Try to clear FLAGS bits 12-15; the 8086 keeps them set.
        pushf
        pop     ax
        and     ax, 0FFFh
        push    ax
        popf
        pushf
        pop     ax
        and     ax, 0F000h
        mov     si, on_8086
        cmp     ax, 0F000h
        je      .report
        mov     si, on_80286
.report:
        call    print

.stop:
        hlt                             ; interrupts are off: the machine stops here
        jmp     .stop

; Writes the zero-terminated string at DS:SI to the debug console.
print:
        lodsb
        test    al, al
        jz      .done
        out     DEBUG_CONSOLE, al
        jmp     print
.done:
        ret

greeting:       db      "Hello from a Concord boot sector!", 10, 0
on_8086:        db      "This CPU keeps FLAGS bits 12-15 set: an 8086.", 10, 0
on_80286:       db      "This CPU clears FLAGS bits 12-15 in real mode: an 80286 or later.", 10, 0

        times   510 - ($ - $$) db 0
        dw      0AA55h                  ; boot signature

        times   1474560 - ($ - $$) db 0 ; the rest of a blank 1.44 MB diskette
