; hello.asm - HELLO.COM for Concord DOS: greets through INT 21h AH=09h, shows its command
; tail (if any) through AH=40h on handle 1, and ends with exit code 0 (AH=4Ch).
;
; Build: firmware/build.sh (nasm -f bin -o HELLO.COM hello.asm)

        cpu     8086
        bits    16
        org     100h

start:
        mov     dx, greeting
        mov     ah, 09h
        int     21h
        mov     cl, [80h]               ; command tail length
        xor     ch, ch
        jcxz    .done
        mov     dx, args
        mov     ah, 09h
        int     21h
        mov     bx, 1
        mov     dx, 81h
        mov     ah, 40h
        int     21h
        mov     dx, crlf
        mov     ah, 09h
        int     21h
.done:
        mov     ax, 4C00h
        int     21h

greeting:       db      "Hello from a Concord DOS program!", 13, 10, "$"
args:           db      "Command tail:$"
crlf:           db      13, 10, "$"
