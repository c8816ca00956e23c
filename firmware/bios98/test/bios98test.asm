; bios98test.asm - a PC-98 boot diskette (1.23M) that checks the Concord PC-98 BIOS's INT 1Bh
; against the floppy controller, and INT 1Ch, and reports on the debug console (port E9h), one
; line per check: "ok name" or "FAIL name ..."; "done" at the end, then power off (INT 1Fh).
;
; The diskette: sector C0 H0 R1 boots (the BIOS puts it at 1FC0:0000), R2-R8 hold the rest of
; this program (it reads them in after itself), C0 H1 R1 a known pattern (byte n = n x 7 + 1),
; cylinders 70-76 are scratch space for the write and format checks. Drive 1, when there,
; must hold a write-protected diskette of the same format.
;
; Build: firmware/build.sh (nasm -f bin), as bios98test.img.

        cpu     8086
        bits    16
        org     0

PROG_SECTORS    equ     8               ; C0 H0 R1-R8
BUF             equ     4000h           ; segments of the buffers, clear of the program
BUF2            equ     5000h
DA              equ     90h

start:
        jmp     short boot
        nop
        db      "CONCORD "
        dw      1024                    ; a BPB, so tools see a FAT12 1.23M diskette
        db      1
        dw      1
        db      2
        dw      192
        dw      1232
        db      0FEh
        dw      2
        dw      8
        dw      2
        dd      0, 0
boot:
        cli
        mov     ax, cs
        mov     ds, ax
        mov     es, ax
        xor     ax, ax
        mov     ss, ax
        mov     sp, 7C00h
        sti
        cld
        mov     ax, 5600h | DA          ; the rest of the program after this sector
        mov     bx, (PROG_SECTORS - 1) * 1024
        mov     cx, 0300h
        mov     dx, 0002h
        mov     bp, 0400h
        int     1Bh
        jc      .fail
        jmp     main
.fail:
        mov     al, '!'
        out     0E9h, al
        cli
        hlt

        times   1024 - ($ - $$) db 0

;------------------------------------------------------------------------------------------
main:
        mov     si, s_hello
        call    puts

        ; sense: a diskette there, not protected; no drive 2
        mov     ax, 0400h | DA
        int     1Bh
        mov     si, n_sense
        cmp     ah, 00h
        call    check
        mov     ax, 0400h | DA | 2
        int     1Bh
        mov     si, n_sense_nodrive
        mov     byte [expect], 40h
        call    check_error

        ; the other interfaces' DA/UAs: equipment check
        mov     ax, 0400h | 30h
        int     1Bh
        mov     si, n_other_da
        mov     byte [expect], 40h
        call    check_error

        ; recalibrate: present cylinder 0 in the result area
        mov     ax, 0700h | DA
        int     1Bh
        mov     si, n_recal
        cmp     ah, 00h
        call    check
        push    ds
        xor     ax, ax
        mov     ds, ax
        mov     al, [0564h + 7]
        pop     ds
        mov     si, n_recal_cyl
        cmp     al, 0
        call    check

        ; READ ID with a seek to cylinder 10: C10 H0, N = 3
        mov     ax, 5A00h | DA          ; SK | MF | read ID
        mov     cx, 000Ah
        xor     dx, dx
        int     1Bh
        mov     si, n_readid
        jc      .readid_fail
        cmp     cx, 030Ah
        jne     .readid_fail
        cmp     dh, 0
        jmp     .readid_done
.readid_fail:
        or      sp, sp                  ; ZF=0
.readid_done:
        call    check

        ; read C0 H0 R1: the boot sector, as in memory at 1FC0:0000
        mov     ax, BUF
        mov     es, ax
        mov     ax, 5600h | DA
        mov     bx, 1024
        mov     cx, 0300h
        mov     dx, 0001h
        xor     bp, bp
        int     1Bh
        mov     si, n_read
        jc      .read_fail
        xor     si, si
        xor     di, di
        mov     cx, 512
        repe    cmpsw
        mov     si, n_read
        jmp     .read_done
.read_fail:
        or      sp, sp
.read_done:
        call    check

        ; multi-track: C0 H0 R8 and C0 H1 R1 in one call (MT)
        mov     ax, 0D600h | DA         ; MT | MF | SK | read
        mov     bx, 2048
        mov     cx, 0300h
        mov     dx, 0008h
        xor     bp, bp
        int     1Bh
        mov     si, n_read_mt
        jc      .mt_fail
        mov     si, 7 * 1024            ; R8 as loaded
        xor     di, di
        mov     cx, 512
        repe    cmpsw
        mov     si, n_read_mt
        jne     .mt_done
        mov     di, 1024
        call    pattern_check
        jmp     .mt_done
.mt_fail:
        or      sp, sp
.mt_done:
        call    check

        ; a sector not there: C0 H0 R9 -> no data (C0h), ST1 with ND in the result area
        mov     ax, 5600h | DA
        mov     bx, 1024
        mov     cx, 0300h
        mov     dx, 0009h
        xor     bp, bp
        int     1Bh
        mov     si, n_nodata
        mov     byte [expect], 0C0h
        call    check_error
        push    ds
        xor     ax, ax
        mov     ds, ax
        mov     al, [0564h + 1]
        pop     ds
        and     al, 04h
        mov     si, n_nodata_st1
        cmp     al, 04h
        call    check

        ; DMA boundary: 1024 bytes from 1FFF:0F00 cross 20000h
        mov     ax, 6FF0h               ; 1024 bytes from 6FF00h cross 70000h
        mov     es, ax
        mov     ax, 5600h | DA
        mov     bx, 1024
        mov     cx, 0300h
        mov     dx, 0001h
        xor     bp, bp
        int     1Bh
        mov     si, n_boundary
        mov     byte [expect], 20h
        call    check_error

        ; write C70 H1 R3 with the pattern, read it back, verify it
        mov     ax, BUF2
        mov     es, ax
        xor     di, di
        call    pattern_fill
        mov     ax, 5500h | DA          ; SK | MF | write
        mov     bx, 1024
        mov     cx, 0346h
        mov     dx, 0103h
        xor     bp, bp
        int     1Bh
        mov     si, n_write
        cmp     ah, 0
        call    check
        mov     ax, BUF
        mov     es, ax
        xor     di, di
        mov     cx, 512
        xor     ax, ax
        rep     stosw
        mov     ax, 5600h | DA
        mov     bx, 1024
        mov     cx, 0346h
        mov     dx, 0103h
        xor     bp, bp
        int     1Bh
        mov     si, n_readback
        jc      .rb_fail
        xor     di, di
        call    pattern_check
        jmp     .rb_done
.rb_fail:
        or      sp, sp
.rb_done:
        call    check
        mov     ax, 5100h | DA          ; verify
        mov     bx, 1024
        mov     cx, 0346h
        mov     dx, 0103h
        int     1Bh
        mov     si, n_verify
        cmp     ah, 0
        call    check

        ; format C75 H0: 8 x 1024 bytes filled with E5h, then R5 reads E5h
        mov     ax, BUF2
        mov     es, ax
        xor     di, di
        mov     cx, 8
        mov     al, 1
.ids:
        mov     byte [es:di], 75
        mov     byte [es:di+1], 0
        mov     [es:di+2], al
        mov     byte [es:di+3], 3
        add     di, 4
        inc     al
        loop    .ids
        mov     ax, 5D00h | DA          ; SK | MF | format
        mov     cx, 034Bh
        mov     dx, 00E5h
        xor     bp, bp
        int     1Bh
        mov     si, n_format
        cmp     ah, 0
        call    check
        mov     ax, BUF
        mov     es, ax
        mov     ax, 5600h | DA
        mov     bx, 1024
        mov     cx, 034Bh
        mov     dx, 0005h
        xor     bp, bp
        int     1Bh
        mov     si, n_format_read
        jc      .fmt_fail
        xor     di, di
        mov     cx, 1024
        mov     al, 0E5h
        repe    scasb
        jmp     .fmt_done
.fmt_fail:
        or      sp, sp
.fmt_done:
        call    check

        ; drive 1: write-protected (skipped when there is no drive 1)
        push    ds
        xor     ax, ax
        mov     ds, ax
        test    byte [055Ch], 02h
        pop     ds
        jz      .no_drive1
        mov     ax, 0400h | DA | 1
        int     1Bh
        mov     si, n_sense_protected
        cmp     ah, 10h
        call    check
        mov     ax, BUF2
        mov     es, ax
        mov     ax, 5500h | DA | 1
        mov     bx, 1024
        mov     cx, 0346h
        mov     dx, 0001h
        xor     bp, bp
        int     1Bh
        mov     si, n_write_protected
        mov     byte [expect], 70h
        call    check_error
.no_drive1:

        ; INT 1Ch: the calendar, BCD
        mov     ax, BUF
        mov     es, ax
        xor     bx, bx
        mov     ah, 00h
        int     1Ch
        mov     si, n_calendar
        mov     al, [es:1]
        shr     al, 1
        shr     al, 1
        shr     al, 1
        shr     al, 1
        cmp     al, 1                   ; month 1-12
        jb      .cal_fail
        cmp     al, 12
        ja      .cal_fail
        mov     al, [es:5]
        cmp     al, 60h                 ; seconds, BCD
        jae     .cal_fail
        mov     al, [es:5]
        and     al, 0Fh
        cmp     al, 9
        ja      .cal_fail
        mov     al, [es:0]              ; the year as the machine's memory switch has it
        call    puthex
        mov     al, [es:1]
        call    puthex
        mov     al, [es:2]
        call    puthex
        mov     al, ' '
        out     0E9h, al
        cmp     al, al                  ; ZF=1
        jmp     .cal_done
.cal_fail:
        or      sp, sp                  ; ZF=0
.cal_done:
        call    check

        mov     si, s_done
        call    puts
        mov     ax, 9A07h               ; APM: all devices off
        mov     bx, 0001h
        mov     cx, 0003h
        int     1Fh
        cli
        hlt

;------------------------------------------------------------------------------------------
; check - "ok name" when ZF=1, else "FAIL name" with AH (the status); SI = name
; check_error - right after the call: "ok" when CF=1 and AH = [expect]
check_error:
        jnc     .no_error
        cmp     ah, [expect]
        jmp     check
.no_error:
        or      sp, sp
check:
        pushf
        push    ax
        jnz     .fail
        push    si
        mov     si, s_ok
        call    puts
        pop     si
        call    puts
        call    newline
        pop     ax
        popf
        ret
.fail:
        push    si
        mov     si, s_fail
        call    puts
        pop     si
        call    puts
        mov     al, ' '
        out     0E9h, al
        pop     ax
        push    ax
        mov     al, ah
        call    puthex
        call    newline
        pop     ax
        popf
        ret
; pattern_fill - ES:DI..+1023 = n x 7 + 1
pattern_fill:
        push    ax
        push    cx
        xor     ax, ax
        mov     cx, 1024
.b:
        mov     ah, 7
        push    ax
        mul     ah
        inc     al
        stosb
        pop     ax
        inc     ax
        loop    .b
        pop     cx
        pop     ax
        ret

; pattern_check - ZF=1 when ES:DI..+1023 holds the pattern
pattern_check:
        push    ax
        push    cx
        xor     cx, cx
.b:
        mov     al, cl
        mov     ah, 7
        mul     ah
        inc     al
        cmp     [es:di], al
        jne     .done
        inc     di
        inc     cx
        cmp     cx, 1024
        jne     .b
.done:
        pop     cx
        pop     ax
        ret

puts:
        push    ax
.n:
        lodsb
        or      al, al
        jz      .d
        out     0E9h, al
        jmp     .n
.d:
        pop     ax
        ret

newline:
        push    ax
        mov     al, 10
        out     0E9h, al
        pop     ax
        ret

puthex:
        push    ax
        push    cx
        mov     ah, al
        mov     cl, 4
        shr     al, cl
        call    .digit
        mov     al, ah
        and     al, 0Fh
        call    .digit
        pop     cx
        pop     ax
        ret
.digit:
        add     al, '0'
        cmp     al, '9'
        jbe     .out
        add     al, 7
.out:
        out     0E9h, al
        ret

expect:         db      0
s_hello:        db      "bios98test", 10, 0
s_ok:           db      "ok ", 0
s_fail:         db      "FAIL ", 0
s_done:         db      "done", 10, 0
n_sense:        db      "sense", 0
n_sense_nodrive: db     "sense-no-drive", 0
n_other_da:     db      "other-da", 0
n_recal:        db      "recalibrate", 0
n_recal_cyl:    db      "recalibrate-cylinder", 0
n_readid:       db      "read-id-seek", 0
n_read:         db      "read", 0
n_read_mt:      db      "read-multitrack", 0
n_nodata:       db      "no-data", 0
n_nodata_st1:   db      "no-data-st1", 0
n_boundary:     db      "dma-boundary", 0
n_write:        db      "write", 0
n_readback:     db      "read-back", 0
n_verify:       db      "verify", 0
n_format:       db      "format", 0
n_format_read:  db      "format-read", 0
n_sense_protected: db   "sense-protected", 0
n_write_protected: db   "write-protected", 0
n_calendar:     db      "calendar", 0

        times   PROG_SECTORS * 1024 - ($ - $$) db 0
; C0 H1 R1: the pattern
%assign n 0
%rep 1024
        db      (n * 7 + 1) & 0FFh
%assign n n + 1
%endrep
        times   1232 * 1024 - ($ - $$) db 0
