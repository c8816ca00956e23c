; write.asm - WRITE.COM for Concord DOS: writes a known file, so tests can compare it byte
; for byte. The file (named by the command tail, WRITE.TXT without one) gets 100 lines
; "CDOS WRITE.COM line NNN" + CR LF (NNN = 001 to 100), 2500 bytes, each line written by
; its own INT 21h AH=40h call, so the writes cross sector and cluster boundaries. Exit code
; 0 when all was written, 1 when the file could not be created, 2 on a short write.
;
; Build: firmware/build.sh (nasm -f bin -o WRITE.COM write.asm)

        cpu     8086
        bits    16
        org     100h

LINES           equ     100

start:
        cld
        ; the name: the first word of the command tail, or WRITE.TXT
        mov     si, 81h
        mov     di, name
.skip:
        lodsb
        cmp     al, ' '
        je      .skip
        cmp     al, 9
        je      .skip
.copy:
        cmp     al, ' '
        jbe     .name_end
        stosb
        lodsb
        jmp     .copy
.name_end:
        cmp     di, name
        jne     .named
        mov     si, default_name
.default:
        lodsb
        stosb
        test    al, al
        jnz     .default
        dec     di
.named:
        mov     byte [di], 0

        mov     dx, name
        xor     cx, cx
        mov     ah, 3Ch
        int     21h
        jc      .cannot_create
        mov     bx, ax

        mov     word [number], 1
.line:
        ; the three digits of [number] into the line
        mov     ax, [number]
        mov     cl, 10
        div     cl
        add     ah, '0'
        mov     [digits+2], ah
        xor     ah, ah
        div     cl
        add     ah, '0'
        mov     [digits+1], ah
        add     al, '0'
        mov     [digits], al
        mov     dx, text
        mov     cx, text_end - text
        mov     ah, 40h
        int     21h
        jc      .short
        cmp     ax, text_end - text
        jne     .short
        inc     word [number]
        cmp     word [number], LINES
        jbe     .line

        mov     ah, 3Eh
        int     21h
        mov     dx, done_msg
        mov     ah, 09h
        int     21h
        mov     ax, 4C00h
        int     21h

.cannot_create:
        mov     dx, create_msg
        mov     ah, 09h
        int     21h
        mov     ax, 4C01h
        int     21h
.short:
        mov     ah, 3Eh
        int     21h
        mov     dx, short_msg
        mov     ah, 09h
        int     21h
        mov     ax, 4C02h
        int     21h

text:           db      "CDOS WRITE.COM line "
digits:         db      "000", 13, 10
text_end:
default_name:   db      "WRITE.TXT", 0
done_msg:       db      "WRITE: 2500 bytes written", 13, 10, "$"
create_msg:     db      "WRITE: cannot create the file", 13, 10, "$"
short_msg:      db      "WRITE: short write (disk full?)", 13, 10, "$"
number:         dw      0
name:           times 80 db 0
