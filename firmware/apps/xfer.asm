; xfer.asm - XFER.COM for Concord DOS: the patent's whole scenario with the other OS of the
; machine: a file of the other OS copied here, the copy copied back, all three compared, timed.
;
;   XFER SRC DST [BACK] [/512]
;
; 1. there:   SRC (the other OS's, opened, read and closed through INT E0h, gate.inc,
;             GATES.md) -> DST (created and written with this OS's own INT 21h);
; 2. back:    DST (read here) -> BACK (created, written and closed through INT E0h);
;             BACK is SRC's name with the extension BAK by default (A:DATA.BIN -> A:DATA.BAK)
;             and must not be SRC itself;
; 3. compare: SRC, DST and BACK read again, 8 KiB of each at a time (a disk that holds SRC
;             and BACK far apart then seeks between them once per 8 KiB, not per block), and
;             compared; every position at which the three do not hold the same byte (or one
;             of them has ended) differs.
; Each block (1024 bytes, 512 with /512) lands in the gate window, so a read by one OS and a
; write by the other alternate; the other OS's files belong to the monitor's process there, so
; they stay open between calls (GATES.md). A call that fails is counted as an error and the block is tried
; again, up to RETRIES more times (each counted as a retry), after seeking the phase's files
; back to the block's start; a gate failure that retrying cannot cure (no gate, callee
; unavailable, window refused, no handler) stops at once. A dot per block copied, each error
; on a line of its own, a line per phase, and last the blocks copied both ways, errors,
; retries and the time taken (the AT BIOS's ticks, INT 1Ah AH=00h, 18.2065 a second; on the
; PC-98, -DPROFILE_PC98, 10 ms ticks of the BIOS's interval timer, INT 1Ch AH=02h, read
; back from its count at 0000:058Ah):
;   XFER: A:DATA.BIN -> B:COPY.BIN: 37000 bytes
;   XFER: B:COPY.BIN -> A:DATA.BAK: 37000 bytes
;   XFER: compared 37000 bytes: the same
;   XFER: 74 blocks, 0 errors, 0 retries, 1.23 s
; Exit code: 0 copied there and back and the three are the same; 1 bad arguments (or BACK
; would be SRC); 2 SRC not opened; 3 DST not created; 4 a block failed every try (or a file
; could not be opened again for the next phase); 5 the copies differ; 6 BACK not created;
; 7 no gate (or the window is not this program's memory). Runs on any DOS, against any DOS:
; CF is looked at only after functions that define it (AH=19h does not: CF=1 is the gate's).
;
; Build: firmware/build.sh (nasm -f bin -o XFER.COM xfer.asm; xfer-pc98.asm for the PC-98)

        cpu     8086
        bits    16
        org     100h

%include "gate.inc"

RETRIES         equ     3               ; tries of a block after the first
NAME_MAX        equ     80              ; a name as typed, its zero included
TICKS_DAY       equ     1800B0h         ; BIOS ticks from midnight to midnight

EXIT_USAGE      equ     1
EXIT_SRC        equ     2
EXIT_DST        equ     3
EXIT_BLOCK      equ     4
EXIT_DIFFER     equ     5
EXIT_BACK       equ     6
EXIT_NOGATE     equ     7

; A file of the transfer (f_src, f_dst, f_back): its handle, whose INT 21h serves it, its name.
F_HANDLE        equ     0               ; word: CLOSED when not open (0 is a handle like any other)
CLOSED          equ     0FFFFh
F_REMOTE        equ     2               ; byte: 1 the other OS's (INT E0h), 0 this OS's
F_NAME          equ     3               ; word: the name (in this program)

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
        ; SRC, DST and BACK (if given), upper-cased; nothing after them
        mov     si, 81h
        mov     di, src_name
        call    name_word
        jc      usage
        mov     di, dst_name
        call    name_word
        jc      usage
        mov     di, back_name
        call    name_word
        jnc     .back_given
        call    default_back
.back_given:
        mov     di, extra
        call    name_word
        jnc     usage
        call    gate_check              ; the window ours, and a DOS behind INT E0h
        jnc     .gate
        mov     [last_error], ax
        mov     dx, msg_nogate_stop
        mov     al, EXIT_NOGATE
        jmp     stop_now
.gate:
        call    back_is_src
        je      back_is_src_error

%ifdef PROFILE_PC98
        call    timer_start
%else
        xor     ah, ah                  ; the start time
        int     1Ah
        mov     [t_start], dx
        mov     [t_start+2], cx
%endif

;------------------------------------------------------------------------------------------
; 1. There: SRC (the other OS) -> DST (here)
;------------------------------------------------------------------------------------------
        mov     di, f_src
        mov     ax, 3D00h               ; read
        call    open_file
        jnc     .src_open
        mov     dx, msg_open_src
        mov     al, EXIT_SRC
        jmp     stop_now
.src_open:
        mov     di, f_dst
        call    create_file
        jnc     .dst_created
        mov     di, f_src
        call    close_file
        mov     dx, msg_create
        mov     al, EXIT_DST
        jmp     stop_now
.dst_created:
        mov     word [phase_msg], msg_block_there
        mov     word [phase_files], files_there
        mov     si, f_src
        mov     di, f_dst
        call    copy_file
        pushf
        call    close_phase
        mov     si, f_src
        mov     di, f_dst
        call    phase_line
        popf
        jnc     back
        mov     al, EXIT_BLOCK
        jmp     finish

;------------------------------------------------------------------------------------------
; 2. Back: DST (here) -> BACK (the other OS)
;------------------------------------------------------------------------------------------
back:
        mov     di, f_dst
        mov     ax, 3D00h
        call    open_file
        jnc     .dst_open
        mov     dx, msg_reopen
        call    report
        mov     al, EXIT_BLOCK
        jmp     finish
.dst_open:
        mov     di, f_back
        call    create_file
        jnc     .back_created
        mov     dx, msg_create_back
        call    report
        mov     di, f_dst
        call    close_file
        mov     al, EXIT_BACK
        jmp     finish
.back_created:
        mov     word [phase_msg], msg_block_back
        mov     word [phase_files], files_back
        mov     si, f_dst
        mov     di, f_back
        call    copy_file
        pushf
        call    close_phase
        mov     si, f_dst
        mov     di, f_back
        call    phase_line
        popf
        jnc     compare
        mov     al, EXIT_BLOCK
        jmp     finish

;------------------------------------------------------------------------------------------
; 3. Compare SRC, DST and BACK
;------------------------------------------------------------------------------------------
compare:
        mov     word [phase_msg], msg_block_compare
        mov     word [phase_files], files_compare
        mov     si, files_compare
.open:
        lodsw
        test    ax, ax
        jz      .opened
        mov     di, ax
        mov     ax, 3D00h               ; read
        push    si
        call    open_file
        pop     si
        jnc     .open
        mov     dx, msg_reopen
        call    report
        call    close_phase             ; those opened so far
        mov     al, EXIT_BLOCK
        jmp     finish
.opened:
        call    compare_files
        pushf
        call    close_phase
        popf
        jnc     .compared
        mov     al, EXIT_BLOCK
        jmp     finish
.compared:
        mov     dx, msg_compared
        call    print
        mov     ax, [compared]
        mov     dx, [compared+2]
        xor     cx, cx
        call    print_dec32
        mov     ax, [differ]
        or      ax, [differ+2]
        jnz     .differ
        mov     dx, msg_same
        call    print
        mov     al, 0
        jmp     finish
.differ:
        mov     dx, msg_bytes_colon
        call    print
        mov     ax, [differ]
        mov     dx, [differ+2]
        call    print_dec32
        mov     dx, msg_differ
        call    print
        mov     al, EXIT_DIFFER
        jmp     finish

;------------------------------------------------------------------------------------------
; The end
;------------------------------------------------------------------------------------------

; Reports that opening or creating a file failed (DX = what, AX = the error) and exits with
; code AL, before any block was copied.
stop_now:
%ifdef PROFILE_PC98
        call    timer_stop
%endif
        push    ax
        mov     ax, [last_error]
        call    report
        pop     ax
        mov     ah, 4Ch
        int     21h

; The last line, then exit with code AL.
finish:
        push    ax
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
        call    print_time
        mov     dx, msg_seconds
        call    print
        pop     ax
        mov     ah, 4Ch
        int     21h

usage:
        mov     dx, msg_usage
        call    print
        mov     ax, 4C00h | EXIT_USAGE
        int     21h

back_is_src_error:
        mov     dx, msg_back_is_src
        call    print
        mov     si, back_name
        call    print_name
        mov     dx, msg_usage_end
        call    print
        mov     ax, 4C00h | EXIT_USAGE
        int     21h

;------------------------------------------------------------------------------------------
; The names
;------------------------------------------------------------------------------------------

; The next word of the command tail at SI, upper-cased, into DI (NAME_MAX bytes).
; Out: SI after it; CF=1 when there is none.
name_word:
        push    di
        push    ds
        pop     es
        mov     cx, NAME_MAX
        call    tail_word
        pop     di
        jc      .done
.upcase:
        mov     al, [di]
        test    al, al
        jz      .done                   ; CF=0 (from test)
        cmp     al, 'a'
        jb      .next
        cmp     al, 'z'
        ja      .next
        sub     byte [di], 20h
.next:
        inc     di
        jmp     .upcase
.done:
        ret

; BACK when none is given: SRC with the extension BAK (DATA.BIN -> DATA.BAK, DATA -> DATA.BAK).
; Keeps SI (the command tail goes on from there).
default_back:
        push    si
        mov     si, src_name
        mov     di, back_name
        xor     bx, bx                  ; the dot of the name after its drive, if any
.copy:
        lodsb
        cmp     al, ':'
        je      .part
        cmp     al, '\'
        jne     .dot
.part:
        xor     bx, bx
.dot:
        cmp     al, '.'
        jne     .store
        mov     bx, di
.store:
        stosb
        test    al, al
        jnz     .copy
        dec     di
        test    bx, bx
        jz      .ext
        mov     di, bx
.ext:
        mov     si, ext_bak
        mov     cx, 5                   ; ".BAK" and its zero
        rep     movsb
        pop     si
        ret

; Would BACK be SRC, the two names made whole with the other OS's current drive?
; Out: ZF=1 when they name the same file.
back_is_src:
        mov     ah, 19h                 ; the other OS's current drive
        REMOTE21
        mov     dl, '?'                 ; (unknown when the call failed: compare as they are)
        jc      .drive
        mov     dl, al
        add     dl, 'A'
.drive:
        mov     si, src_name
        mov     di, whole_src
        call    whole_name
        mov     si, back_name
        mov     di, whole_back
        call    whole_name
        mov     si, whole_src
        mov     di, whole_back
        push    ds
        pop     es
.compare:
        lodsb
        scasb
        jne     .done
        test    al, al
        jnz     .compare                ; ZF=1 at the end: the same
.done:
        ret

; The name at SI as "D:NAME" at DI (NAME_MAX + 2 bytes): its own drive, else DL; the root's
; backslash dropped (Concord DOS has no folders).
whole_name:
        cmp     byte [si+1], ':'
        jne     .current
        lodsw
        mov     dl, al
.current:
        mov     al, dl
        mov     ah, ':'
        mov     [di], ax
        add     di, 2
        cmp     byte [si], '\'
        jne     .copy
        inc     si
.copy:
        lodsb
        mov     [di], al
        inc     di
        test    al, al
        jnz     .copy
        ret

; Writes the ASCIIZ name at SI (in this program).
print_name:
        push    es
        push    ds
        pop     es
        call    print_z
        pop     es
        ret

;------------------------------------------------------------------------------------------
; Files: open, create, close, and INT 21h of the OS that serves each
;------------------------------------------------------------------------------------------

; Calls INT 21h of the OS that serves file DI, with BX = its handle and DS = the window (the
; name and the blocks are there); AX, CX, DX as INT 21h takes them. Out: as INT 21h; keeps DI.
file21:
        push    di
        push    ds
        mov     bx, [di+F_HANDLE]
        cmp     byte [di+F_REMOTE], 0
        push    bx
        mov     bx, GATE_SEG
        mov     ds, bx
        pop     bx
        jne     .remote
        int     21h
        jmp     .done
.remote:
        clc
        int     GATE_VECTOR
.done:
        pop     ds
        pop     di
        ret

; Opens (AX = 3Dxxh) or creates (AH = 3Ch, with no attributes) file DI by its name.
; Out: CF=1 with AX = [last_error] = the error, else its handle is kept.
open_file:
        push    ax
        push    di
        mov     si, [di+F_NAME]
        mov     ax, GATE_SEG
        mov     es, ax
        mov     di, W_NAME
.copy:
        lodsb
        stosb
        test    al, al
        jnz     .copy
        push    ds
        pop     es
        pop     di
        pop     ax
        xor     cx, cx
        mov     dx, W_NAME
        call    file21
        jc      .failed
        mov     [di+F_HANDLE], ax
        ret
.failed:
        mov     [last_error], ax
        ret

; Creates file DI. Out: CF=1 with AX = the error.
create_file:
        mov     ah, 3Ch
        jmp     open_file

; Closes file DI (if open); a failure is reported and counted as an error.
close_file:
        cmp     word [di+F_HANDLE], CLOSED
        je      .done
        mov     ah, 3Eh
        call    file21
        mov     word [di+F_HANDLE], CLOSED
        jnc     .done
        inc     word [errors]
        mov     dx, msg_close
        call    report
.done:
        ret

; Closes the files of the current phase ([phase_files]).
close_phase:
        push    si
        mov     si, [phase_files]
.next:
        lodsw
        test    ax, ax
        jz      .done
        mov     di, ax
        call    close_file
        jmp     .next
.done:
        pop     si
        ret

; Puts the files of the current phase back at the current block's start (errors here show up
; on the retry).
seek_back:
        push    ax
        push    cx
        push    dx
        push    si
        push    di
        mov     si, [phase_files]
.next:
        lodsw
        test    ax, ax
        jz      .done
        mov     di, ax
        mov     ax, 4200h
        mov     cx, [position+2]
        mov     dx, [position]
        call    file21
        jmp     .next
.done:
        pop     di
        pop     si
        pop     dx
        pop     cx
        pop     ax
        ret

;------------------------------------------------------------------------------------------
; The blocks
;------------------------------------------------------------------------------------------

; Copies file SI into file DI, block by block through the window: read by the one's INT 21h,
; written by the other's. Out: [position] = the bytes copied; CF=1 when a block failed every
; try.
copy_file:
        mov     [copy_from], si
        mov     [copy_to], di
        xor     ax, ax
        mov     [position], ax
        mov     [position+2], ax
        mov     [phase_blocks], ax
.block:
        mov     byte [tries], 0
.read:
        mov     di, [copy_from]
        mov     ah, 3Fh
        mov     cx, [block]
        mov     dx, W_BUF
        call    file21
        jnc     .got
        mov     dx, msg_read
        call    failed                  ; ZF=1: give up
        jz      .give_up
        call    seek_back
        jmp     .read
.got:
        mov     [count], ax
        test    ax, ax
        jz      .done                   ; the end of the file
        mov     di, [copy_to]
        mov     ah, 40h
        mov     cx, [count]
        mov     dx, W_BUF
        call    file21
        jc      .write_failed
        cmp     ax, [count]
        je      .written
        mov     ax, 5                   ; a short write: the disk is full
.write_failed:
        mov     dx, msg_write
        call    failed
        jz      .give_up
        call    seek_back
        jmp     .read                   ; the window may have been used: read the block again
.written:
        inc     word [blocks]
        inc     word [phase_blocks]
        mov     ax, [count]
        add     [position], ax
        adc     word [position+2], 0
        mov     dl, '.'
        call    putc
        cmp     ax, [block]
        je      .block                  ; a short block is the last
.done:
        clc
        ret
.give_up:
        stc
        ret

; Reads SRC, DST and BACK (open, at their start) a chunk at a time into W_CMP1, W_CMP2 and
; W_CMP3 and counts the positions where they differ. Out: [compared] = the positions (the
; longest file's length), [differ] = those where the three do not all hold the same byte (a
; file that has ended differs); CF=1 when a chunk failed every try.
compare_files:
        xor     ax, ax
        mov     [position], ax
        mov     [position+2], ax
        mov     [phase_blocks], ax
        mov     [compared], ax
        mov     [compared+2], ax
        mov     [differ], ax
        mov     [differ+2], ax
.block:
        mov     byte [tries], 0
.read:
        mov     si, files_compare
        mov     bx, counts
        mov     dx, W_CMP1
.file:
        lodsw
        test    ax, ax
        jz      .read_all
        mov     di, ax
        push    bx
        push    dx
        mov     ah, 3Fh
        mov     cx, W_CMP_CHUNK
        call    file21
        pop     dx
        pop     bx
        jnc     .got
        mov     dx, msg_read
        call    failed
        jz      .give_up
        call    seek_back
        jmp     .read
.got:
        mov     [bx], ax
        add     bx, 2
        add     dx, W_CMP_CHUNK
        jmp     .file
.read_all:
        ; the longest and the shortest of the three blocks
        mov     ax, [counts]
        mov     cx, ax
        mov     si, counts + 2
.minmax:
        cmp     si, counts + 6
        je      .sized
        mov     dx, [si]
        add     si, 2
        cmp     dx, ax
        jbe     .not_longer
        mov     ax, dx
.not_longer:
        cmp     dx, cx
        jae     .minmax
        mov     cx, dx
        jmp     .minmax
.sized:
        mov     [count], ax             ; the longest
        sub     ax, cx                  ; past the shortest's end: those differ
        add     [differ], ax
        adc     word [differ+2], 0
        push    ds
        mov     ax, GATE_SEG
        mov     ds, ax
        mov     si, W_CMP1
        mov     di, W_CMP2
        mov     bx, W_CMP3
        xor     dx, dx
.byte:
        jcxz    .compared
        lodsb
        cmp     al, [di]
        jne     .differs
        cmp     al, [bx]
        je      .same
.differs:
        inc     dx
.same:
        inc     di
        inc     bx
        dec     cx
        jmp     .byte
.compared:
        pop     ds
        add     [differ], dx
        adc     word [differ+2], 0
        mov     ax, [count]
        add     [compared], ax
        adc     word [compared+2], 0
        add     [position], ax
        adc     word [position+2], 0
        inc     word [phase_blocks]
        cmp     ax, W_CMP_CHUNK
        je      .block                  ; one of them goes on
        clc
        ret
.give_up:
        stc
        ret

; A call for the current block failed with AX; DX = what it was (" read: ", " write: ").
; Counts and reports the error, then decides. Out: ZF=1 to give up, ZF=0 to try again
; (counted as a retry).
failed:
        push    dx
        inc     word [errors]
        call    crlf
        mov     dx, [phase_msg]
        call    print
        push    ax
        mov     ax, [phase_blocks]
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

;------------------------------------------------------------------------------------------
; Lines
;------------------------------------------------------------------------------------------

; "XFER: what" and the error AX, on a line of its own (DX = what).
report:
        push    dx
        mov     dx, msg_xfer
        call    print
        pop     dx
        call    print
        call    print_error
        jmp     crlf

; Ends the dots of a copy with its line: "XFER: FROM -> TO: N bytes" (SI, DI = the files).
phase_line:
        call    crlf
        mov     dx, msg_xfer
        call    print
        mov     si, [si+F_NAME]
        call    print_name
        mov     dx, msg_arrow
        call    print
        mov     si, [di+F_NAME]
        call    print_name
        mov     dx, msg_colon
        call    print
        mov     ax, [position]
        mov     dx, [position+2]
        xor     cx, cx
        call    print_dec32
        mov     dx, msg_bytes
        jmp     print

%ifdef PROFILE_PC98
; The PC-98 BIOS's interval timer (INT 1Ch AH=02h) counts its word at 0000:058Ah down once
; per 10 ms and calls INT 07h when it reaches zero. timer_start starts it at FFFFh (655 s);
; the time taken is FFFFh minus the count left, plus FFFFh for each time it ran out
; (timer_tick counts those and starts it again, INT 1Ch AH=03h). One long count, not a count
; of 1 restarted each tick: ticks that come close together (a monitor delivering late the
; ticks of a time it held the machine still) would otherwise fall between a run-out and the
; restart and be lost. timer_stop puts the old INT 07h back and makes the count run out at
; the next tick, so the run-out calls that, not this program (which may be gone by then),
; and the timer stops there.
TIMER_COUNT     equ     058Ah
timer_start:
        push    es
        xor     ax, ax
        mov     es, ax
        cli
        mov     ax, [es:07h*4]
        mov     [old_int07], ax
        mov     ax, [es:07h*4+2]
        mov     [old_int07+2], ax
        sti
        mov     byte [timing], 1
        push    cs
        pop     es
        mov     bx, timer_tick
        mov     cx, 0FFFFh
        mov     ah, 02h
        int     1Ch
        pop     es
        ret

timer_tick:
        inc     word [cs:run_outs]
        cmp     byte [cs:timing], 0
        je      .done
        push    ax
        push    ds
        xor     ax, ax
        mov     ds, ax
        mov     word [TIMER_COUNT], 0FFFFh
        pop     ds
        mov     ah, 03h
        int     1Ch
        pop     ax
.done:
        iret

; Stops the timing (once; later calls change nothing): [elapsed] = the 10 ms ticks since
; timer_start. Preserves the registers.
timer_stop:
        cmp     byte [timing], 0
        je      .done
        push    ax
        push    bx
        push    dx
        push    es
        xor     ax, ax
        mov     es, ax
        cli
        mov     byte [timing], 0
        mov     ax, [old_int07]
        mov     [es:07h*4], ax
        mov     ax, [old_int07+2]
        mov     [es:07h*4+2], ax
        mov     bx, 0FFFFh
        sub     bx, [es:TIMER_COUNT]
        mov     word [es:TIMER_COUNT], 1 ; runs out at the next tick, into the old INT 07h
        mov     ax, [run_outs]
        sti
        mov     dx, 0FFFFh
        mul     dx                      ; DX:AX = run-outs x FFFFh
        add     ax, bx
        adc     dx, 0
        mov     [elapsed], ax
        mov     [elapsed+2], dx
        pop     es
        pop     dx
        pop     bx
        pop     ax
.done:
        ret

; Writes the time since timer_start in seconds with two decimals: the 10 ms ticks are the
; hundredths.
print_time:
        call    timer_stop
        mov     ax, [elapsed+2]
        xor     dx, dx
        mov     bx, 100
        div     bx
        mov     cx, ax
        mov     ax, [elapsed]
        div     bx                      ; CX:AX = seconds, DX = hundredths
        jmp     print_seconds
%else
; Writes the time since [t_start] in seconds with two decimals. The BIOS counts 18.2065 ticks
; a second from midnight and sets AL after INT 1Ah AH=00h when midnight has passed since the
; count was last read; a count lower than at the start means the same.
print_time:
        xor     ah, ah
        int     1Ah
        mov     bl, al
        sub     dx, [t_start]
        sbb     cx, [t_start+2]
        jc      .next_day
        test    bl, bl
        jz      .ticks
.next_day:
        add     dx, TICKS_DAY & 0FFFFh
        adc     cx, TICKS_DAY >> 16
        test    ch, 80h                 ; still below zero: a clock set back; say 0
        jz      .ticks
        xor     cx, cx
        xor     dx, dx
.ticks:
        ; hundredths = (ticks * 200000 + 36413 / 2) / 36413: ticks * 50000 * 4 (48 bits),
        ; then divided a word at a time
        mov     bx, 50000
        mov     ax, dx
        mul     bx
        mov     [product], ax
        mov     [product+2], dx
        mov     ax, cx
        mul     bx
        add     [product+2], ax
        adc     dx, 0
        mov     [product+4], dx
        mov     cx, 2
.times4:
        shl     word [product], 1
        rcl     word [product+2], 1
        rcl     word [product+4], 1
        loop    .times4
        add     word [product], 36413 / 2
        adc     word [product+2], 0
        adc     word [product+4], 0
        mov     bx, 36413
        xor     dx, dx
        mov     ax, [product+4]
        div     bx                      ; (below 65536 for any time under a day)
        mov     ax, [product+2]
        div     bx
        mov     cx, ax                  ; the hundredths: CX:AX
        mov     ax, [product]
        div     bx
        ; seconds = hundredths / 100, and the rest
        mov     bx, 100
        xchg    ax, cx
        xor     dx, dx
        div     bx
        xchg    ax, cx
        div     bx                      ; CX:AX = seconds, DX = hundredths
%endif
; CX:AX seconds and DX hundredths as "S.HH".
print_seconds:
        push    dx
        mov     dx, cx
        xor     cx, cx
        call    print_dec32
        mov     dl, '.'
        call    putc
        pop     ax
        aam                             ; AH = tens, AL = ones
        add     ax, '00'
        mov     dl, ah
        call    putc
        mov     dl, al
        jmp     putc

%include "gate_lib.inc"

msg_usage:      db      "usage: XFER SRC DST [BACK] [/512]  (SRC and BACK on the other OS, through"
                db      " INT E0h;", 13, 10
                db      "       BACK is SRC with the extension BAK by default)", 13, 10, "$"
msg_back_is_src: db     "XFER: BACK would overwrite SRC: $"
msg_usage_end:  db      13, 10, "$"
msg_open_src:   db      "cannot open the source: $"
msg_nogate_stop: db     "$"
msg_create:     db      "cannot create the destination: $"
msg_create_back: db     "cannot create the copy back: $"
msg_reopen:     db      "cannot open a copy again: $"
msg_close:      db      "close: $"
msg_block_there: db     "XFER: block $"
msg_block_back: db      "XFER: back, block $"
msg_block_compare: db   "XFER: compare, chunk $"
msg_read:       db      " read: $"
msg_write:      db      " write: $"
msg_retry:      db      ", retrying", 13, 10, "$"
msg_give_up:    db      ", giving up", 13, 10, "$"
msg_xfer:       db      "XFER: $"
msg_arrow:      db      " -> $"
msg_colon:      db      ": $"
msg_bytes:      db      " bytes", 13, 10, "$"
msg_compared:   db      "XFER: compared $"
msg_same:       db      " bytes: the same", 13, 10, "$"
msg_bytes_colon: db     " bytes: $"
msg_differ:     db      " differ", 13, 10, "$"
msg_blocks:     db      " blocks, $"
msg_errors:     db      " errors, $"
msg_retries:    db      " retries, $"
msg_seconds:    db      " s", 13, 10, "$"
ext_bak:        db      ".BAK", 0

; the files of the transfer, and of each phase (their seeks and closes)
f_src:          dw      CLOSED
                db      1
                dw      src_name
f_dst:          dw      CLOSED
                db      0
                dw      dst_name
f_back:         dw      CLOSED
                db      1
                dw      back_name
files_there:    dw      f_src, f_dst, 0
files_back:     dw      f_dst, f_back, 0
files_compare:  dw      f_src, f_dst, f_back, 0     ; in the order of W_CMP1, W_CMP2, W_CMP3

                alignb  2
block:          dw      0
count:          dw      0
position:       dd      0
blocks:         dw      0
phase_blocks:   dw      0
errors:         dw      0
retries:        dw      0
last_error:     dw      0
copy_from:      dw      0
copy_to:        dw      0
phase_msg:      dw      0
phase_files:    dw      0
counts:         times 3 dw 0
compared:       dd      0
differ:         dd      0
t_start:        dd      0
%ifdef PROFILE_PC98
run_outs:       dw      0
elapsed:        dd      0
old_int07:      dd      0
timing:         db      0
%endif
product:           times 3 dw 0
tries:          db      0
src_name:       times NAME_MAX db 0
dst_name:       times NAME_MAX db 0
back_name:      times NAME_MAX + 4 db 0     ; SRC's name and ".BAK"
extra:          times NAME_MAX db 0
whole_src:      times NAME_MAX + 8 db 0
whole_back:     times NAME_MAX + 8 db 0
