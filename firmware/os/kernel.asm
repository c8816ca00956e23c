; kernel.asm - Concord DOS (CDOS): a small DOS-like real-mode OS, the kernel file KERNEL.SYS.
;
; The boot sector of a CDOS diskette loads this file to 0060:0000 and jumps to its first
; byte with DL = the boot drive (0 = A:, 1 = B:). The kernel installs INT 20h, 21h, 27h, 29h,
; builds a memory arena from the end of its own data to the top of conventional memory and
; runs the built-in shell (shell.inc).
;
; Two platform profiles, from the same source, each using its own machine's BIOS as that
; machine's software does:
;   at (default)          the PC/AT: 1.44M diskettes with 512-byte sectors through INT 13h,
;                         the screen through INT 10h, keys INT 16h, time INT 1Ah, memory
;                         INT 12h
;   pc98 (-DPROFILE_PC98) the NEC PC-98: 1.23M diskettes with 1024-byte sectors through
;                         INT 1Bh (DA/UA 90h + drive), the text VRAM written directly with
;                         the cursor through INT 18h, keys INT 18h, the calendar INT 1Ch,
;                         memory from 0000:0501h
; Screen output goes through INT 29h only; every character is also written to port E9h (the
; debug console), carriage returns excepted, so a headless run has a transcript.
;
; Memory while running:
;   0060:0000  this file, then its data (kernel_end), then the shell's stack
;   arena      memory control blocks ('M'/'Z', owner, size), as DOS lays them out, up to
;              the top of memory or 9000:0000, whichever is lower
;   9000:0000  the gate window (64 KiB), never used by this OS: apps put the buffers they
;              pass to the other OS's INT 21h (INT E0h) there (firmware/apps/GATES.md)
;
; The InDOS ("busy") byte, whose address INT 21h AH=34h returns, is above zero while the
; kernel is inside an INT 21h call and zero otherwise, also while a console function waits
; for a key and while a program started by EXEC runs: the kernel holds none of its state
; in those waits, so a monitor may enter INT 21h then.
;
; Files: k_con.inc (console), k_disk.inc (sectors, buffer, drives, FAT), k_file.inc (names,
; root directory, handles), k_proc.inc (memory, EXEC, terminate), k_misc.inc (vectors,
; date and time, other small functions), shell.inc (the command interpreter).
;
; Build: firmware/build.sh (nasm -f bin); kernel-pc98.asm builds the pc98 profile.

        cpu     8086
        bits    16
        org     0

KSEG            equ     0060h           ; where the boot sector loads this file
VER_MAJOR       equ     1               ; Concord DOS version (VER)
VER_MINOR       equ     0
DOS_MAJOR       equ     3               ; version INT 21h AH=30h reports (DOS 3.30 subset)
DOS_MINOR       equ     30
NDRIVES         equ     2               ; A: and B:
NFILES          equ     8               ; open files at once (on any drive)
FIRST_FILE      equ     5               ; handles 0-4 are the standard devices
FATBUF_SIZE     equ     4608            ; 9 sectors of 512 bytes or 4 of 1024: the largest FAT
SECBUF_SIZE     equ     1024            ; the largest sector
SHELL_STACK     equ     1024
ENV_PARAS       equ     4               ; an environment block for each program
GATE_WINDOW     equ     9000h           ; 9000:0000-9FFF:000F, the gate window: the arena ends
                                        ; below it, so no program or data of this OS lives there
GATE_VECTOR     equ     0E0h            ; "the other OS's INT 21h" (firmware/apps/GATES.md);
                                        ; a monitor gate takes it before the IVT, else
                                        ; int_nogate runs
NOGATE          equ     0FFFFh          ; AX from int_nogate

; INT 21h register frame (BP-relative), pushed by the dispatcher in this order:
; AX BX CX DX SI DI BP DS ES, below the caller's IP, CS and FLAGS.
R_ES            equ     0
R_DS            equ     2
R_BP            equ     4
R_DI            equ     6
R_SI            equ     8
R_DX            equ     10
R_DL            equ     10
R_DH            equ     11
R_CX            equ     12
R_CL            equ     12
R_CH            equ     13
R_BX            equ     14
R_BL            equ     14
R_BH            equ     15
R_AX            equ     16
R_AL            equ     16
R_AH            equ     17
R_IP            equ     18
R_CS            equ     20
R_FL            equ     22

FL_CF           equ     0001h
FL_ZF           equ     0040h

; DOS error codes
E_FUNCTION      equ     1
E_NOFILE        equ     2
E_NOPATH        equ     3
E_HANDLES       equ     4
E_ACCESS        equ     5
E_HANDLE        equ     6
E_ARENA         equ     7
E_MEMORY        equ     8
E_BLOCK         equ     9
E_FORMAT        equ     11
E_DATA          equ     13
E_DRIVE         equ     15
E_DEVICE        equ     17
E_NOMORE        equ     18
E_NOTREADY      equ     21
E_GENERAL       equ     31

start:
        jmp     init

signature:      db      "Concord DOS kernel", 0
indos_ptr:      dw      indos           ; KSEG:0016h: where InDOS is (the failed-INT 13h count
                                        ; is the word after it), for a monitor that cannot
                                        ; ask INT 21h AH=34h (firmware/apps/GATES.md)
        times   -((indos_ptr - start) != 16h) db 0      ; the pointer must stay at 16h

%include "k_con.inc"
%include "k_disk.inc"
%include "k_file.inc"
%include "k_proc.inc"
%include "k_misc.inc"
%include "k_net.inc"
%include "shell.inc"

;------------------------------------------------------------------------------------------
; INT 21h - the DOS services. Every function reads its inputs from the register frame and
; writes its outputs there; DS = the kernel's segment inside. CF is cleared on entry and set
; (with AX = a DOS error code) by functions that fail.
;------------------------------------------------------------------------------------------
int21:
        sti
        cld
        push    ax
        push    bx
        push    cx
        push    dx
        push    si
        push    di
        push    bp
        push    ds
        push    es
        mov     bp, sp
        push    cs
        pop     ds
        inc     byte [indos]
        and     word [bp+R_FL], ~FL_CF
        cmp     ah, FN_LAST
        ja      .unknown
        mov     bl, ah
        xor     bh, bh
        shl     bx, 1
        mov     bx, [fn_table+bx]
        mov     [fn_target], bx
        mov     bx, [bp+R_BX]
        call    [fn_target]
        jmp     int21_exit
.unknown:
        call    fn_unsupported
int21_exit:
        dec     byte [indos]
        pop     es
        pop     ds
        pop     bp
        pop     di
        pop     si
        pop     dx
        pop     cx
        pop     bx
        pop     ax
        iret

; Sets CF in the caller's flags and AX = the error code in AX.
fail_ax:
        mov     [bp+R_AX], ax
        or      word [bp+R_FL], FL_CF
        ret

; Functions this kernel does not have: AL = 0 (as DOS), CF=1, AX = 1.
fn_unsupported:
        mov     ax, E_FUNCTION
        jmp     fail_ax

FN_LAST         equ     62h
fn_table:
        dw      fn_terminate0, fn_read_echo, fn_write_char, fn_unsupported    ; 00-03
        dw      fn_unsupported, fn_unsupported, fn_direct_io, fn_read_raw     ; 04-07
        dw      fn_read_raw, fn_write_string, fn_read_line, fn_input_status   ; 08-0B
        dw      fn_flush_input, fn_disk_reset, fn_select_drive, fn_unsupported ; 0C-0F
        times   9 dw fn_unsupported                                            ; 10-18 (FCBs)
        dw      fn_get_drive, fn_set_dta                                       ; 19-1A
        times   5 dw fn_unsupported                                            ; 1B-1F
        dw      fn_unsupported, fn_unsupported, fn_unsupported, fn_unsupported ; 20-23
        dw      fn_unsupported, fn_set_vector, fn_unsupported, fn_unsupported  ; 24-27
        dw      fn_unsupported, fn_unsupported, fn_get_date, fn_set_date      ; 28-2B
        dw      fn_get_time, fn_set_time, fn_set_verify, fn_get_dta           ; 2C-2F
        dw      fn_version, fn_keep, fn_unsupported, fn_break                 ; 30-33
        dw      fn_indos, fn_get_vector, fn_free_space, fn_switch_char        ; 34-37
        dw      fn_unsupported, fn_mkdir, fn_rmdir, fn_chdir                  ; 38-3B
        dw      fn_create, fn_open, fn_close, fn_read                         ; 3C-3F
        dw      fn_write, fn_delete, fn_seek, fn_attributes                   ; 40-43
        dw      fn_ioctl, fn_unsupported, fn_unsupported, fn_get_dir          ; 44-47
        dw      fn_alloc, fn_free, fn_resize, fn_exec                         ; 48-4B
        dw      fn_terminate, fn_return_code, fn_find_first, fn_find_next     ; 4C-4F
        dw      fn_set_psp, fn_get_psp, fn_list_of_lists, fn_unsupported      ; 50-53
        dw      fn_get_verify, fn_unsupported, fn_rename, fn_file_time        ; 54-57
        times   5 dw fn_unsupported                                            ; 58-5C
        dw      fn_server                                                      ; 5D
        times   4 dw fn_unsupported                                            ; 5E-61
        dw      fn_get_psp                                                     ; 62
%if ($ - fn_table) != (FN_LAST + 1) * 2
%error "fn_table has the wrong number of entries"
%endif

;------------------------------------------------------------------------------------------
; Start-up: stack, vectors, drives, memory, the shell.
;------------------------------------------------------------------------------------------
init:
        cli
        mov     ax, cs
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     sp, shell_stack_top
        sti
        cld

        ; clear the kernel's data, then start on the boot drive
        mov     di, bss_start
        mov     cx, bss_end - bss_start
        xor     al, al
        rep     stosb
        and     dl, 1
        mov     [cur_drive], dl
        mov     [boot_drive], dl

        ; vectors
        xor     ax, ax
        mov     es, ax
        cli
        mov     word [es:20h*4], int20
        mov     [es:20h*4+2], cs
        mov     word [es:21h*4], int21
        mov     [es:21h*4+2], cs
        mov     word [es:22h*4], int_iret
        mov     [es:22h*4+2], cs
        mov     word [es:23h*4], int_iret
        mov     [es:23h*4+2], cs
        mov     word [es:24h*4], int24
        mov     [es:24h*4+2], cs
        mov     word [es:27h*4], int27
        mov     [es:27h*4+2], cs
        mov     word [es:28h*4], int_iret
        mov     [es:28h*4+2], cs
        mov     word [es:29h*4], int29
        mov     [es:29h*4+2], cs
        mov     word [es:GATE_VECTOR*4], int_nogate
        mov     [es:GATE_VECTOR*4+2], cs
        sti
        push    cs
        pop     es

        ; drive tables
        mov     byte [sb_drive], 0FFh
        mov     bx, drives
        mov     word [bx+DV_FATBUF], fatbuf_a
        mov     byte [bx+DV_NUM], 0
        mov     word [bx+DRV_SIZE+DV_FATBUF], fatbuf_b
        mov     byte [bx+DRV_SIZE+DV_NUM], 1
        call    net_init

        call    mem_init
%ifdef PROFILE_PC98
        call    con_clear               ; a PC-98 DOS starts on a clear screen
%endif
        jmp     shell_start

; INT 22h, 23h, 28h: nothing to do.
int_iret:
        iret

; INT E0h when no monitor gate serves it (a lone machine, or a machine file without the gate):
; CF=1, AX = FFFFh, every other register kept, so an app can say "no gate".
int_nogate:
        push    bp
        mov     bp, sp
        or      word [bp+6], FL_CF      ; the caller's flags, above BP, IP and CS
        pop     bp
        mov     ax, NOGATE
        iret

; INT 24h (critical error): fail the call.
int24:
        mov     al, 3
        iret


;------------------------------------------------------------------------------------------
; Data with initial values
;------------------------------------------------------------------------------------------
; The swappable data area (INT 21h AX=5D06h), laid out as DOS 3.1-3.3's for the fields a
; network redirector reads and writes (k_net.inc).
sda:
crit_err:       db      0               ; 00h the critical error flag, just below InDOS (as DOS)
indos:          db      0               ; 01h the busy byte (INT 21h AH=34h)
disk_errors:    dw      0               ; 02h INT 13h sector calls that failed (retried or not),
                                        ; just above InDOS, so a monitor finds it
                                        ; (firmware/apps/GATES.md)
        times   0Ch - ($ - sda) db 0
dta_off:        dw      0               ; 0Ch the disk transfer address
dta_seg:        dw      0
cur_psp:        dw      0               ; 10h the current program
        times   92h - ($ - sda) db 0
sda_fn1:        times 128 db 0          ; 92h the first filename, fully qualified
sda_fn2:        times 128 db 0          ; 112h the second (a rename's new name)
sda_sdb:        times 21 db 0           ; 192h a search block
sda_found:      times 32 db 0           ; 1A7h the directory entry a search found
        times   23Ah - ($ - sda) db 0
sda_attr:       db      0               ; 23Ah the search attributes
sda_mode:       db      0               ; 23Bh the open mode
        times   26Ch - ($ - sda) db 0
sda_cds:        dd      0               ; 26Ch the CDS entry of the drive a call is about
SDA_SIZE        equ     $ - sda
%if (sda_fn1 - sda) != 92h || (sda_found - sda) != 1A7h || (sda_cds - sda) != 26Ch
%error "the SDA's fields moved from where DOS 3.1-3.3 keep them"
%endif

; The List of Lists (INT 21h AH=52h), with what a redirector reads: the CDS array (16h,
; set at start-up) and the number of drives (21h). Nothing else of DOS's is here (FFFFh).
lol:
        times   16h db 0FFh
        dd      0                       ; 16h the CDS array
        times   21h - ($ - lol) db 0FFh
        db      NCDS                    ; 21h LASTDRIVE
        db      0

;------------------------------------------------------------------------------------------
; Data without initial values (not in the file; cleared by init)
;------------------------------------------------------------------------------------------
file_end:
        absolute file_end
        alignb  16
bss_start:
fn_target:      resw    1
cur_drive:      resb    1
boot_drive:     resb    1               ; the drive the boot sector came from (AX=3305h)
key_pending:    resb    1               ; scan code of an extended key, for the next read
%ifdef PROFILE_PC98
con_row:        resb    1               ; the console's cursor (text VRAM cell row, column)
con_col:        resb    1
cal_buf:        resb    6               ; INT 1Ch's calendar bytes
%endif
shell_psp:      resw    1
mem_first:      resw    1               ; segment of the first memory control block
ret_code:       resb    1               ; last program's exit code (AH=4Dh)
term_type:      resb    1               ; 0 normal, 3 stayed resident
keep_paras:     resw    1
verify_flag:    resb    1
                alignb  2
; sector buffer (one sector cached, written back when another is needed)
sb_drive:       resb    1               ; FFh = empty
sb_dirty:       resb    1
sb_lba:         resw    1
; drives
drives:         resb    DRV_SIZE * NDRIVES
; open files
files:          resb    FT_ENTRY * NFILES
; names
pn_drive:       resb    1
fcbname:        resb    11
fcbname2:       resb    11
                alignb  2
pathbuf:        resb    128
; read/write loop state
rw_seg:         resw    1
rw_off:         resw    1
rw_count:       resw    1
rw_done:        resw    1
rw_n:           resw    1
rw_lsec:        resw    1
rw_boff:        resw    1
rw_left:        resw    2
rw_dir:         resb    1
                alignb  2
ren_index:      resw    1
con_line:       resb    130
; EXEC state
ex_child:       resw    1
ex_env:         resw    1
ex_paras:       resw    1
ex_handle:      resw    1
ex_tail_off:    resw    1
ex_tail_seg:    resw    1
; find state
fd_index:       resw    1
fd_mask:        resb    1
; redirected drives (k_net.inc)
                alignb  2
rp_start:       resw    1               ; where the name being resolved is built
rp_entry:       resw    1               ; the file entry an open takes
rp_handle:      resw    1
rp_drive:       resb    1
                alignb  2
cds_table:      resb    CDS_SIZE * NCDS
sfts:           resb    SFT_SIZE * NFILES
                alignb  16
secbuf:         resb    SECBUF_SIZE
fatbuf_a:       resb    FATBUF_SIZE
fatbuf_b:       resb    FATBUF_SIZE
%include "shell_bss.inc"
                alignb  2
bss_end:
shell_stack:    resb    SHELL_STACK
shell_stack_top:
kernel_end:
