; exitwith.asm - EXITWITH.COM, a test program for `concord exec`: writes its command tail as
; "exitwith: <tail>" through INT 21h (AH=09h and AH=40h on handle 1, so both of DOS's console
; paths are used), then ends with the exit code given as the tail's first word (decimal 0-255,
; AH=4Ch). "EXITWITH HANG" never ends (a program that runs past a timeout); no number: code 0.
;
; Build: firmware/build.sh (nasm -f bin -o EXITWITH.COM exitwith.asm)

        cpu     8086
        bits    16
        org     100h

start:
        mov     dx, label
        mov     ah, 09h
        int     21h
        mov     cl, [80h]               ; the tail as it came, through handle 1
        xor     ch, ch
        mov     bx, 1
        mov     dx, 81h
        mov     ah, 40h
        int     21h
        mov     dx, crlf
        mov     ah, 09h
        int     21h

        mov     si, 81h
.blank:
        lodsb
        cmp     al, ' '
        je      .blank
        cmp     al, 9
        je      .blank
        and     al, 0DFh                ; "hang" or "HANG"
        cmp     al, 'H'
        je      hang
        dec     si
        xor     bx, bx                  ; the number so far
.digit:
        lodsb
        sub     al, '0'
        jb      .done
        cmp     al, 9
        ja      .done
        xchg    ax, bx                  ; bx = 10 * bx + digit
        mov     cl, 10
        mul     cl
        xor     bh, bh
        add     ax, bx
        xchg    ax, bx
        jmp     .digit
.done:
        mov     al, bl
        mov     ah, 4Ch
        int     21h

hang:
        sti
.wait:
        hlt
        jmp     .wait

label:          db      "exitwith:$"
crlf:           db      13, 10, "$"
