; biostest.asm - a boot disk that exercises the Concord BIOS services and reports on the
; debug console (port E9h), one line per check: "ok name" or "FAIL name ...".
;
; For manual runs under QEMU (see qemu-test.sh): the image is a 1.44M disk whose first
; sectors hold this program; cylinders 50-79 are scratch space for write and format tests.
; A second drive B: (720K) is read if present. At the end it powers off through APM.

        cpu     8086
        bits    16
        org     7C00h

PROG_SECTORS    equ     16              ; sectors after the boot sector
BUF_A           equ     1000h           ; segments of the test buffers
BUF_B           equ     2000h

start:
        jmp     short boot
        nop
boot:
        cli
        xor     ax, ax
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     sp, 7C00h
        sti
        cld
        mov     [boot_drive], dl
        mov     si, s_hello
        call    puts
        mov     al, dl
        call    puthex
        call    newline
        ; load the rest: sectors 2..17 of cylinder 0 head 0 to 0000:7E00
        mov     ax, 0200h + PROG_SECTORS
        mov     cx, 0002h
        xor     dh, dh
        mov     bx, 7E00h
        int     13h
        jc      .fail
        jmp     main
.fail:
        mov     si, s_loadfail
        call    puts
        mov     al, ah
        call    puthex
        call    newline
        cli
        hlt

; ---- console helpers (debug port) -------------------------------------------------------
puts:
        push    ax
.n:     lodsb
        or      al, al
        jz      .d
        out     0E9h, al
        jmp     .n
.d:     pop     ax
        ret
newline:
        push    ax
        mov     al, 10
        out     0E9h, al
        pop     ax
        ret
puthex:                                 ; AL as 2 hex digits
        push    ax
        push    cx
        mov     ah, al
        mov     cl, 4
        shr     al, cl
        call    .dig
        mov     al, ah
        and     al, 0Fh
        call    .dig
        pop     cx
        pop     ax
        ret
.dig:   add     al, '0'
        cmp     al, '9'
        jbe     .o
        add     al, 7
.o:     out     0E9h, al
        ret
puthex16:
        xchg    al, ah
        call    puthex
        xchg    al, ah
        call    puthex
        ret
space:
        push    ax
        mov     al, ' '
        out     0E9h, al
        pop     ax
        ret

boot_drive      db      0
s_hello         db      "biostest: booted, DL=", 0
s_loadfail      db      "biostest: load failed AH=", 0

        times   510-($-$$) db 0
        dw      0AA55h

; =========================================================================================
main:
        mov     si, s_loaded
        call    puts

        ; ---- INT 11h / 12h
        int     11h
        mov     [equip], ax
        mov     si, s_equip
        call    puts
        call    puthex16
        int     12h
        mov     si, s_mem
        call    puts
        call    puthex16
        call    newline
        cmp     ax, 640
        call    check_eq
        db      "int12 640K", 0

        ; ---- INT 13h AH=08h
        mov     ah, 08h
        mov     dl, 0
        int     13h
        pushf
        mov     si, s_params
        call    puts
        mov     al, bl
        call    puthex
        call    space
        mov     ax, cx
        call    puthex16
        call    space
        mov     ax, dx
        call    puthex16
        call    space
        mov     ax, es
        call    puthex16
        mov     al, ':'
        out     0E9h, al
        mov     ax, di
        call    puthex16
        call    newline
        popf
        mov     ax, cx
        cmp     ax, 4F12h
        call    check_eq
        db      "int13/08 geometry 1.44M", 0
        push    es
        pop     ds                      ; check the table's EOT
        cmp     byte [di+4], 18
        push    cs
        pop     ds
        call    check_eq
        db      "int13/08 table EOT 18", 0

        ; ---- INT 13h AH=15h
        mov     ah, 15h
        mov     dl, 0
        int     13h
        cmp     ah, 2
        call    check_eq
        db      "int13/15 A: has change line", 0
        mov     ah, 15h
        mov     dl, 2
        int     13h
        cmp     ah, 0
        call    check_eq
        db      "int13/15 C: absent", 0
        mov     ah, 15h
        mov     dl, 80h
        int     13h
        cmp     ah, 0
        call    check_eq
        db      "int13/15 hard disk absent", 0

        ; ---- read a whole track to 1000:0000 and compare sector 1 with 0000:7C00
        mov     ax, BUF_A
        mov     es, ax
        xor     bx, bx
        mov     ax, 0212h
        mov     cx, 0001h
        mov     dx, 0000h
        int     13h
        call    check_ok_al18
        db      "int13/02 read 18 sectors", 0
        xor     si, si
        mov     ds, si
        mov     si, 7C00h
        xor     di, di
        mov     cx, 256
        repe    cmpsw
        push    cs
        pop     ds
        call    check_eq
        db      "int13/02 data matches boot sector", 0
        ; program sectors 2-17 match what is at 7E00
        mov     si, 7E00h
        mov     di, 512
        mov     cx, 512                 ; two sectors of code (the variables change)
        repe    cmpsw
        call    check_eq
        db      "int13/02 data matches program", 0

        ; ---- DMA boundary: 2 sectors at 1000:FF00
        mov     bx, 0FF00h
        mov     ax, 0202h
        mov     cx, 0001h
        xor     dx, dx
        int     13h
        cmp     ah, 09h
        call    check_eq
        db      "int13/02 64K boundary -> 09h", 0
        mov     ah, 01h
        xor     dl, dl
        int     13h
        cmp     ah, 09h
        call    check_eq
        db      "int13/01 status 09h", 0

        ; ---- sector 19 does not exist
        xor     bx, bx
        mov     ax, 0201h
        mov     cx, 0013h
        xor     dx, dx
        int     13h
        pushf
        mov     si, s_ah
        call    puts
        mov     al, ah
        call    puthex
        call    results
        call    newline
        popf
        jnc     .s19_bad
        cmp     ah, 04h
        jmp     .s19_chk
.s19_bad:
        or      ah, 0FFh                ; ZF=0
.s19_chk:
        call    check_eq
        db      "int13/02 sector 19 -> 04h", 0

        ; ---- write a pattern to cylinder 50 head 1, read back, compare, verify
        mov     ax, BUF_A
        mov     es, ax
        xor     di, di
        mov     cx, 18 * 512
        xor     al, al
.pat:   stosb
        add     al, 7
        loop    .pat
        xor     bx, bx
        mov     ax, 0312h
        mov     cx, 3201h               ; cylinder 50, sector 1
        mov     dx, 0100h               ; head 1, drive 0
        int     13h
        call    check_ok_al18
        db      "int13/03 write 18 sectors", 0
        mov     ax, BUF_B
        mov     es, ax
        xor     bx, bx
        mov     ax, 0212h
        mov     cx, 3201h
        mov     dx, 0100h
        int     13h
        call    check_ok_al18
        db      "int13/02 read back", 0
        push    ds
        mov     ax, BUF_A
        mov     ds, ax
        xor     si, si
        xor     di, di
        mov     cx, 18 * 256
        repe    cmpsw
        pop     ds
        call    check_eq
        db      "int13/03 written data reads back", 0
        mov     ax, 0412h
        mov     cx, 3201h
        mov     dx, 0100h
        int     13h
        call    check_ok_al18
        db      "int13/04 verify 18 sectors", 0

        ; ---- format cylinder 60 head 0 with sectors numbered 1-18 (N=2), write sector 5
        mov     ax, BUF_A
        mov     es, ax
        xor     di, di
        mov     cx, 1
.fmt:   mov     al, 60
        stosb
        xor     al, al
        stosb
        mov     al, cl
        stosb
        mov     al, 2
        stosb
        inc     cx
        cmp     cx, 18
        jbe     .fmt
        xor     bx, bx
        mov     ax, 0512h
        mov     cx, 3C00h
        xor     dx, dx
        int     13h
        call    check_ok
        db      "int13/05 format track", 0
        mov     ax, BUF_B                ; the formatted sectors hold the fill byte F6h
        mov     es, ax
        xor     bx, bx
        mov     ax, 0201h
        mov     cx, 3C05h
        xor     dx, dx
        int     13h
        call    check_ok
        db      "int13/02 read formatted sector", 0
        mov     si, s_fill              ; (QEMU fills formatted sectors with 00h)
        call    puts
        mov     al, [es:0]
        call    puthex
        call    newline

        ; ---- status, change line, media type
        mov     ah, 16h
        xor     dl, dl
        int     13h
        pushf
        mov     si, s_ah
        call    puts
        mov     al, ah
        call    puthex
        call    newline
        popf
        cmp     ah, 0
        call    check_eq
        db      "int13/16 change line clear", 0
        mov     ah, 18h
        mov     cx, 4F12h
        xor     dl, dl
        int     13h
        call    check_ok
        db      "int13/18 media 1.44M", 0
        mov     ah, 18h
        mov     cx, 4C08h
        xor     dl, dl
        int     13h
        call    check_ok
        db      "int13/18 media 1.23M", 0
        cmp     byte [es:di+3], 3
        call    check_eq
        db      "int13/18 1.23M table N=3", 0
        mov     ah, 18h
        mov     cx, 2A07h
        xor     dl, dl
        int     13h
        cmp     ah, 0Ch
        call    check_eq
        db      "int13/18 unknown media -> 0Ch", 0
        mov     ax, 1704h                ; back to 1.44M... 17h AL=4 is 720K: use 18h again
        mov     ah, 18h
        mov     cx, 4F12h
        xor     dl, dl
        int     13h
        mov     ah, 00h
        xor     dl, dl
        int     13h
        call    check_ok
        db      "int13/00 reset", 0

        ; ---- drive B: (720K) if there is one
        test    byte [equip], 40h
        jz      .no_b
        mov     ah, 08h
        mov     dl, 1
        int     13h
        mov     ax, cx
        cmp     ax, 4F12h
        call    check_eq
        db      "int13/08 B: 1.44M drive geometry", 0
        mov     ax, BUF_A
        mov     es, ax
        xor     bx, bx
        mov     ax, 0209h
        mov     cx, 0001h
        mov     dx, 0001h
        int     13h
        cmp     ah, 06h                 ; a new disk: the first access says so
        jne     .b_first
        mov     si, s_changed
        call    puts
        mov     ax, 0209h
        int     13h
.b_first:
        pushf
        mov     si, s_ah
        call    puts
        mov     al, ah
        call    puthex
        call    newline
        popf
        call    check_ok
        db      "int13/02 B: read 9 sectors", 0
        cmp     word [es:510], 0AA55h
        call    check_eq
        db      "int13/02 B: boot signature", 0
        ; B: via a 1.44M-typed table? read track 79 head 1
        mov     ax, 0209h
        mov     cx, 4F01h
        mov     dx, 0101h
        int     13h
        call    check_ok
        db      "int13/02 B: last track", 0
.no_b:

        ; ---- motor state and the INT 08h countdown
        push    ds
        mov     ax, 40h
        mov     ds, ax
        mov     al, [3Fh]
        mov     ah, [40h]
        pop     ds
        mov     si, s_motor
        call    puts
        call    puthex16
        call    newline
        test    al, 01h
        call    check_nz
        db      "motor A: on after a read", 0
        mov     si, s_wait
        call    puts
        xor     ah, ah                  ; wait until the countdown ran out (<= 3 s)
        int     1Ah
        mov     bx, dx
.mw:    xor     ah, ah
        int     1Ah
        sub     dx, bx
        cmp     dx, 60
        jb      .mw
        push    ds
        mov     ax, 40h
        mov     ds, ax
        mov     al, [3Fh]
        pop     ds
        test    al, 0Fh
        call    check_z
        db      "motor bits cleared by INT 08h", 0
        mov     dx, 3F2h
        in      al, dx
        mov     si, s_dor
        call    puts
        call    puthex
        call    newline
        test    al, 0F0h
        call    check_z
        db      "DOR motors off", 0
        ; a read now starts the motor again and waits for it
        mov     ax, BUF_A
        mov     es, ax
        xor     bx, bx
        mov     ax, 0201h
        mov     cx, 0001h
        xor     dx, dx
        int     13h
        call    check_ok
        db      "int13/02 read after motor off", 0

        ; ---- midnight: set the count just before 1800B0h, wait for the rollover
        mov     ah, 01h
        mov     cx, 0018h
        mov     dx, 00AEh
        int     1Ah
.mid:   xor     ah, ah
        int     1Ah
        or      cx, cx
        jnz     .mid
        cmp     al, 1
        call    check_eq
        db      "int08 midnight flag", 0
        xor     ah, ah
        int     1Ah
        cmp     al, 0
        call    check_eq
        db      "int1a/00 clears the midnight flag", 0

        ; ---- INT 1Ah
        mov     ah, 02h
        int     1Ah
        pushf
        push    ax
        mov     si, s_time
        call    puts
        mov     ax, cx
        call    puthex16
        mov     al, dh
        call    puthex
        call    space
        pop     ax
        popf
        call    check_ok
        db      "int1a/02 RTC time", 0
        mov     ah, 04h
        int     1Ah
        pushf
        push    ax
        mov     si, s_date
        call    puts
        mov     ax, cx
        call    puthex16
        mov     ax, dx
        call    puthex16
        call    newline
        pop     ax
        popf
        call    check_ok
        db      "int1a/04 RTC date", 0

        ; ---- INT 10h (QEMU's VGA needs its planes opened first: no VGA BIOS runs)
        call    vga_text_planes
        mov     ax, 0003h
        int     10h
        mov     ah, 02h
        xor     bh, bh
        mov     dx, 0500h
        int     10h
        mov     si, s_screen
.tty:   lodsb
        or      al, al
        jz      .tty_done
        mov     ah, 0Eh
        int     10h
        jmp     .tty
.tty_done:
        mov     ah, 03h
        xor     bh, bh
        int     10h
        cmp     dx, 0605h
        call    check_eq
        db      "int10/0E cursor after text", 0
        mov     ah, 02h
        mov     dx, 0500h
        int     10h
        mov     ah, 08h
        int     10h
        cmp     ax, 0748h               ; 'H' light grey
        call    check_eq
        db      "int10/08 read back", 0
        mov     ax, 0941h               ; 'A' x 3, attribute 1Eh
        mov     bx, 001Eh
        mov     cx, 3
        int     10h
        mov     ah, 08h
        int     10h
        cmp     ax, 1E41h
        call    check_eq
        db      "int10/09 write cells", 0
        mov     dx, 3D4h                ; CRTC cursor = 5*80 = 400 = 0190h
        mov     al, 0Eh
        out     dx, al
        inc     dx
        in      al, dx
        mov     ah, al
        dec     dx
        mov     al, 0Fh
        out     dx, al
        inc     dx
        in      al, dx
        cmp     ax, 400
        call    check_eq
        db      "int10/02 CRTC cursor", 0
        ; 30 lines of teletype: the screen scrolls
        mov     cx, 30
.lines: mov     al, 'L'
        mov     ah, 0Eh
        int     10h
        mov     al, 13
        int     10h
        mov     al, 10
        int     10h
        loop    .lines
        mov     ah, 03h
        int     10h
        cmp     dh, 24
        call    check_eq
        db      "int10/0E scrolls at the bottom", 0
        ; write string with attributes at row 0
        push    cs
        pop     es
        mov     bp, s_str
        mov     ax, 1301h
        mov     bx, 0070h
        mov     cx, 5
        mov     dx, 0000h
        int     10h
        mov     ah, 02h
        xor     bh, bh
        mov     dx, 0004h
        int     10h
        mov     ah, 08h
        int     10h
        cmp     ax, 706Fh
        call    check_eq
        db      "int10/13 write string", 0
        ; scroll window 2-10 cols 10-20 down by 2
        mov     ax, 0702h
        mov     bh, 4Fh
        mov     cx, 020Ah
        mov     dx, 0A14h
        int     10h
        mov     ah, 02h
        xor     bh, bh
        mov     dx, 030Ah
        int     10h
        mov     ah, 08h
        int     10h
        cmp     ah, 4Fh
        call    check_eq
        db      "int10/07 scroll down fills", 0
        mov     ah, 0Fh
        int     10h
        cmp     ax, 5003h
        call    check_eq
        db      "int10/0F mode 3 80 cols", 0

        ; ---- INT 16h: keys typed by the test script
        mov     si, s_keys
        call    puts
        mov     cx, 9
.key:   xor     ah, ah
        int     16h
        call    puthex16
        call    space
        loop    .key
        call    newline
        mov     ah, 01h
        int     16h
        call    check_z
        db      "int16/01 buffer empty", 0
        mov     ah, 02h
        int     16h
        call    space

        ; ---- APM power off
        mov     ax, 5300h
        xor     bx, bx
        int     15h
        jc      .apm_bad
        cmp     bx, 504Dh
        jmp     .apm_chk
.apm_bad:
        or      al, 0FFh
.apm_chk:
        call    check_eq
        db      "int15/5300 APM present", 0
        mov     ax, 5301h
        xor     bx, bx
        int     15h
        call    check_ok
        db      "int15/5301 connect", 0
        mov     ax, 530Eh
        xor     bx, bx
        mov     cx, 0102h
        int     15h
        cmp     ax, 0102h
        call    check_eq
        db      "int15/530E driver version", 0
        mov     ax, 5308h
        mov     bx, 0001h
        mov     cx, 0001h
        int     15h
        call    check_ok
        db      "int15/5308 enable", 0
        mov     ah, 0C0h
        int     15h
        call    check_ok
        db      "int15/C0 config", 0
        call    extended_memory


        mov     si, s_summary
        call    puts
        mov     ax, [failures]
        call    puthex16
        call    newline
        mov     ax, 5307h
        mov     bx, 0001h
        mov     cx, 0003h
        int     15h
        mov     si, s_still_on
        call    puts
        cli
        hlt

;---- extended memory: INT 15h AH=88h, AX=E801h, AH=87h ----------------------------------
; An 80386 VM has memory above 1 MiB and the BIOS moves blocks there; the 8086 and 80286 VMs
; have none (AH=88h returns 0) and no block move (AH=87h and AX=E801h answer AH=86h).
extended_memory:
        push    ds
        push    es
        push    cs
        pop     ds
        push    cs
        pop     es
        call    is_386
        jnz     .ext
        mov     ah, 88h
        int     15h
        or      ax, ax
        call    check_eq
        db      "int15/88 no extended memory", 0
        mov     ah, 87h
        int     15h
        call    unsupported
        db      "int15/87 unsupported -> 86h", 0
        mov     ax, 0E801h
        int     15h
        call    unsupported
        db      "int15/E801 unsupported -> 86h", 0
        jmp     .done
.ext:
        mov     ah, 88h
        int     15h
        mov     [ext_kib], ax
        mov     si, s_ext
        call    puts
        call    puthex16
        call    newline
        cmp     word [ext_kib], 0
        call    check_nz
        db      "int15/88 extended memory", 0
        mov     ax, 0E801h
        int     15h
        jc      .e801_bad
        cmp     ax, [ext_kib]
        jne     .e801_chk
        cmp     cx, ax
        jne     .e801_chk
        or      bx, dx
        jmp     .e801_chk
.e801_bad:
        or      al, 0FFh
.e801_chk:
        call    check_eq
        db      "int15/E801 as 88h, nothing above 16 MiB", 0
        ; a pattern in BUF_A, zeros in BUF_B; BUF_A to 120000h, which would be BUF_B (020000h)
        ; if A20 stayed off; then 120000h back to BUF_B
        mov     ax, BUF_A
        mov     es, ax
        xor     di, di
        mov     cx, 512
        mov     al, 3
.pattern:
        stosb
        add     al, 7
        loop    .pattern
        mov     ax, BUF_B
        mov     es, ax
        xor     di, di
        mov     cx, 512
        xor     al, al
        rep     stosb
        mov     ax, (BUF_A >> 12) | (12h << 8) ; source 01xxxxh, target 12xxxxh
        call    move_512
        call    check_ok
        db      "int15/87 move 512 bytes to 120000h", 0
        mov     ax, BUF_B
        mov     ds, ax
        xor     si, si
        mov     cx, 256
.zero:  lodsw
        or      ax, ax
        jnz     .zero_chk
        loop    .zero
.zero_chk:
        push    cs
        pop     ds
        call    check_eq
        db      "int15/87 above 1 MiB, not wrapped to 020000h", 0
        mov     ax, 12h | ((BUF_B >> 12) << 8)
        call    move_512
        call    check_ok
        db      "int15/87 move 512 bytes from 120000h", 0
        mov     ax, BUF_A
        mov     ds, ax
        mov     ax, BUF_B
        mov     es, ax
        xor     si, si
        xor     di, di
        mov     cx, 256
        repe    cmpsw
        push    cs
        pop     ds
        call    check_eq
        db      "int15/87 read back", 0
        push    cs
        pop     es
        mov     si, move_gdt
        mov     cx, 8001h
        mov     ah, 87h
        int     15h
        jnc     .big_bad
        cmp     ah, 02h
        jmp     .big_chk
.big_bad:
        or      al, 0FFh
.big_chk:
        call    check_eq
        db      "int15/87 8001h words -> 02h", 0
.done:
        pop     es
        pop     ds
        ret

; unsupported: ZF=1 when the INT 15h just made answered CF=1, AH=86h; then a check_eq.
unsupported:
        jc      .c
        xor     ah, ah
.c:     cmp     ah, 86h
        jmp     check_eq

; move_512 - INT 15h AH=87h, 256 words from AL:0000h to AH:0000h (bits 16-23 of the linear
; addresses) through move_gdt. Out: the INT's CF and AH.
move_512:
        push    es
        mov     [move_gdt+14h], al
        mov     [move_gdt+1Ch], ah
        mov     word [move_gdt+10h], 0FFFFh
        mov     word [move_gdt+12h], 0
        mov     byte [move_gdt+15h], 93h
        mov     word [move_gdt+18h], 0FFFFh
        mov     word [move_gdt+1Ah], 0
        mov     byte [move_gdt+1Dh], 93h
        push    cs
        pop     es
        mov     si, move_gdt
        mov     cx, 256
        mov     ah, 87h
        int     15h
        pop     es
        ret

; is_386 - ZF=0 on an 80386: FLAGS bits 12-15 can be cleared (not an 8086) and IOPL/NT can be
; set in real mode (not an 80286), as the BIOS tells them apart.
is_386:
        push    ax
        pushf
        pushf
        pop     ax
        and     ax, 0FFFh
        push    ax
        popf
        pushf
        pop     ax
        and     ah, 0F0h
        cmp     ah, 0F0h
        mov     byte [cs:cpu386], 0
        je      .done
        or      ah, 70h
        push    ax
        popf
        pushf
        pop     ax
        and     ah, 70h
        mov     [cs:cpu386], ah
.done:  popf
        pop     ax
        cmp     byte [cs:cpu386], 0
        ret

; ---- checks: the name follows the call ---------------------------------------------------
; check_eq: ZF=1 passes. check_nz: ZF=0 passes. check_ok: CF=0 and AH=0 pass.
; check_ok_al18: CF=0, AH=0 and AL=18.
check_eq:
        jz      pass
        jmp     fail
check_z:
        jz      pass
        jmp     fail
check_nz:
        jnz     pass
        jmp     fail
check_ok:
        jc      fail
        or      ah, ah
        jnz     fail
        jmp     pass
check_ok_al18:
        jc      fail
        cmp     ax, 0012h
        jne     fail
pass:
        push    si
        mov     si, s_ok
        jmp     report
fail:
        push    si
        inc     word [cs:failures]
        mov     si, s_fail
report:
        push    ax
        push    ds
        push    cs
        pop     ds
        call    puts
        pop     ds
        pop     ax
        push    bp
        mov     bp, sp
        mov     si, [bp+4]              ; return address = the name
        pop     bp
.n:     cs lodsb
        or      al, al
        jz      .e
        out     0E9h, al
        jmp     .n
.e:     call    newline
        push    bp
        mov     bp, sp
        mov     [bp+4], si              ; return after the name
        pop     bp
        pop     si
        ret

; vga_text_planes - make QEMU's VGA memory at B8000 behave like text memory (odd/even,
; planes 0 and 1). Only for this test: Concord's video needs nothing of the sort.
vga_text_planes:
        mov     dx, 3C2h                ; misc output: colour (CRTC at 3D4h)
        mov     al, 67h
        out     dx, al
        mov     dx, 3C4h
        mov     ax, 0302h               ; map mask: planes 0, 1
        out     dx, ax
        mov     ax, 0204h               ; memory mode: odd/even, >64K
        out     dx, ax
        mov     dx, 3CEh
        mov     ax, 1005h               ; graphics mode: odd/even
        out     dx, ax
        mov     ax, 0E06h               ; misc: B8000-BFFFF, chain odd/even, text
        out     dx, ax
        mov     ax, 0004h               ; read map 0
        out     dx, ax
        ret

; results - print the FDC result bytes kept at 0040:0042
results:
        push    ax
        push    cx
        push    si
        push    ds
        mov     ax, 40h
        mov     ds, ax
        mov     si, 42h
        mov     cx, 7
.r:     call    space
        lodsb
        call    puthex
        loop    .r
        pop     ds
        pop     si
        pop     cx
        pop     ax
        ret

equip           dw      0
ext_kib         dw      0
cpu386          db      0
move_gdt        times 48 db 0           ; INT 15h AH=87h: null, GDT, source, target, code, stack
s_ext           db      "int15/88 KiB above 1 MiB ", 0
failures        dw      0
s_fill          db      "formatted sector byte 0: ", 0
s_changed       db      "  (06h: disk changed, again)", 10, 0
s_loaded        db      "biostest: program loaded", 10, 0
s_equip         db      "equipment ", 0
s_mem           db      " memory ", 0
s_params        db      "int13/08 BL CX DX ES:DI = ", 0
s_ah            db      "  AH=", 0
s_motor         db      "motor state/count ", 0
s_wait          db      "waiting for the motor countdown", 10, 0
s_dor           db      "DOR ", 0
s_time          db      "time ", 0
s_date          db      " date ", 0
s_screen        db      "Hello, screen", 13, 10, "12345", 0
s_str           db      "Hello"
s_keys          db      "keys: ", 0
s_summary       db      "biostest: failures ", 0
s_still_on      db      "biostest: still powered", 10, 0
s_ok            db      "ok   ", 0
s_fail          db      "FAIL ", 0

        times   (PROG_SECTORS + 1) * 512 - ($-$$) db 0
