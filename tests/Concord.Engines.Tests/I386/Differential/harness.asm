; The differential harness ROM: runs test cases (initial registers, flags and data, and a short
; instruction sequence each) in real, protected (16- or 32-bit code) or virtual-8086 mode, and
; writes what each left (registers, flags, data, stack) to port E9h; then ends through port F4h.
; The same ROM runs in QEMU (-bios) and in Concord, and the outputs must agree. The test patches
; the cases in: the mode byte, the case count, the case table and the case code (see the EQUs).
; Assemble: nasm -f bin -o harness.bin harness.asm (64 KiB, at F0000h and below 4 GiB).

ROM        equ 0xF0000            ; where the ROM is (a 64 KiB BIOS image)
MODE       equ 0x1FF0             ; byte: 0 real, 1 protected, 2 virtual-8086
COUNT      equ 0x1FF2             ; word: cases
TABLE      equ 0xB000             ; the case records
RECORD     equ 72                 ; a record: code offset (2), code size (2: 32 for 32-bit code), EFLAGS (4), EAX-EDI (32), data (32)
CODE       equ 0x2000             ; case code lives from here to TABLE

DATA       equ 0x8000             ; physical: the case's data area (32 bytes)
STACK      equ 0x9000             ; physical: the case's stack segment base; SP starts at 0F00h
CASE_SP    equ 0x0F00
STATE      equ 0x0700             ; physical: what the end of a case dumps (see DUMP below)
INDEX      equ 0x0600             ; physical: the current case (word)
FARPTR     equ 0x9FF0             ; physical: the far pointer cases are entered through (SS:0FF0h)
GDT        equ 0x1000             ; physical copies of the tables
IDT        equ 0x1800
TSS        equ 0x2000
STACK0     equ 0x7F000            ; the ring-0 stack of virtual-8086 cases

; GDT selectors
SEL_CODE32  equ 0x08              ; flat 32-bit code, the harness
SEL_DATA32  equ 0x10              ; flat data
SEL_CASE16  equ 0x18              ; 16-bit code at F0000h
SEL_CASE32  equ 0x20              ; 32-bit code at F0000h
SEL_CASEDS  equ 0x28              ; data at 8000h, 64 KiB
SEL_CASESS  equ 0x30              ; stack at 9000h, 64 KiB, 16-bit
SEL_TSS     equ 0x38

; The dump at STATE: vector (4, FFFFFFFFh when none), EFLAGS (4), EIP (4), EAX ECX EDX EBX ESP EBP ESI EDI (32), data (32), the 32 bytes below the initial SP (32)
DUMP_SIZE  equ 4 + 4 + 4 + 32 + 32 + 32

	bits 16
	org 0

; ---- real mode: set up, then run the cases in the mode asked for ----
start:
	cli
	cld
	xor ax, ax
	mov ss, ax
	mov sp, 0x7000
	mov ds, ax
	mov es, ax
	mov word [INDEX], 0
	; real-mode vectors: 0-31 to the exception stubs, 30h to the end of a case
	xor di, di
	mov cx, 32
	mov ax, rm_exc_0
.ivt:
	mov [di], ax
	mov word [di + 2], 0xF000
	add ax, rm_exc_1 - rm_exc_0
	add di, 4
	loop .ivt
	mov word [0x30 * 4], rm_case_end
	mov word [0x30 * 4 + 2], 0xF000
	cmp byte [cs:MODE], 0
	je rm_next
	; protected mode: copy the GDT and the IDT to RAM (the CPU writes to them), load them, enter
	mov si, gdt_rom
	mov di, GDT
	mov cx, gdt_rom_end - gdt_rom
	cs rep movsb
	mov di, IDT
	xor bx, bx
.idt:
	mov ax, pm_exc_0
	imul dx, bx, pm_exc_1 - pm_exc_0
	add ax, dx
	mov [di], ax                      ; offset 15-0 (the stubs are below 64 KiB in the ROM)
	mov word [di + 2], SEL_CODE32
	mov word [di + 4], 0x8E00         ; 386 interrupt gate, DPL 0
	mov word [di + 6], 0x000F         ; offset 31-16: F0000h
	add di, 8
	inc bx
	cmp bx, 0x31
	jb .idt
	mov word [IDT + 0x30 * 8], pm_case_end
	mov word [IDT + 0x30 * 8 + 4], 0xEE00 ; DPL 3: virtual-8086 code may INT 30h
	; the TSS: the ring-0 stack of virtual-8086 cases; no I/O bitmap
	mov di, TSS
	xor ax, ax
	mov cx, 0x34
	rep stosw
	mov dword [TSS + 4], STACK0
	mov word [TSS + 8], SEL_DATA32
	mov word [TSS + 0x66], 0x68
	o32 lgdt [cs:gdt_pointer]
	o32 lidt [cs:idt_pointer]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	jmp dword SEL_CODE32:(ROM + pm_start)

; ---- real-mode cases ----
rm_next:
	xor ax, ax
	mov ds, ax
	mov bx, [INDEX]
	cmp bx, [cs:COUNT]
	jae finish16
	imul si, bx, RECORD
	add si, TABLE
	; the data
	mov ax, DATA >> 4
	mov es, ax
	xor di, di
	push si
	add si, 40
	mov cx, 32
	cs rep movsb
	pop si
	; the case's stack, its entry point, segments, flags, registers
	mov ax, STACK >> 4
	mov ss, ax
	mov sp, CASE_SP
	mov ax, [cs:si]
	mov [ss:FARPTR - STACK], ax
	mov word [ss:FARPTR - STACK + 2], 0xF000
	push dword [cs:si + 4]
	popfd
	mov ax, DATA >> 4
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov eax, [cs:si + 8]
	mov ecx, [cs:si + 12]
	mov edx, [cs:si + 16]
	mov ebx, [cs:si + 20]
	mov ebp, [cs:si + 28]
	mov edi, [cs:si + 36]
	mov esi, [cs:si + 32]
	jmp far [ss:FARPTR - STACK]

; real-mode exception stubs: each notes its vector
rm_exc_0:
%assign v 0
%rep 32
	mov byte [ss:0xF00], v             ; a scratch byte above the case's stack; the dump takes it from there
	jmp near rm_fault
%assign v v + 1
%endrep
rm_exc_1 equ rm_exc_0 + 9             ; each stub: MOV (6 bytes) and JMP NEAR (3)

rm_case_end:
	mov byte [ss:0xF00], 0xFF
rm_fault:
	cld                               ; the case may have left DF set
	; SS is the case's (9000h): keep the registers beside the scratch byte
	mov [ss:0xF04], eax
	mov [ss:0xF08], ecx
	mov [ss:0xF0C], edx
	mov [ss:0xF10], ebx
	mov [ss:0xF18], ebp
	mov [ss:0xF1C], esi
	mov [ss:0xF20], edi
	mov eax, esp
	add ax, 6                         ; SP before the interrupt frame
	mov [ss:0xF14], eax
	movzx eax, word [ss:esp + 4]      ; FLAGS as pushed (real mode pushes 16 bits)
	mov [ss:0xF24], eax
	movzx eax, word [ss:esp]          ; IP
	mov [ss:0xF28], eax
	xor ax, ax
	mov es, ax
	mov ds, ax
	mov di, STATE
	movzx eax, byte [STACK + 0xF00]
	cmp al, 0xFF
	jne .vector
	mov eax, 0xFFFFFFFF
.vector:
	stosd
	mov eax, [STACK + 0xF24]
	stosd
	mov eax, [STACK + 0xF28]
	stosd
	mov si, STACK + 0xF04
	mov cx, 8
	rep movsd
	mov si, DATA
	mov cx, 8
	rep movsd
	mov si, STACK + CASE_SP - 32
	mov cx, 8
	rep movsd
	xor ax, ax
	mov ss, ax
	mov sp, 0x7000
	call out_state16
	inc word [INDEX]
	jmp rm_next

out_state16:
	mov si, STATE
	mov cx, DUMP_SIZE
	mov dx, 0xE9
	rep outsb
	ret

finish16:
	mov al, 0
	out 0xF4, al
	hlt
	jmp finish16

; ---- protected mode (32-bit harness code, flat CS and DS) ----
	bits 32
pm_start:
	mov ax, SEL_DATA32
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov esp, 0x70000
	mov ax, SEL_TSS
	ltr ax
pm_next:
	mov ax, SEL_DATA32
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov esp, 0x70000
	movzx ebx, word [INDEX]
	cmp bx, [ROM + COUNT]
	jae finish32
	imul esi, ebx, RECORD
	add esi, ROM + TABLE
	mov edi, DATA
	push esi
	add esi, 40
	mov ecx, 32 / 4
	rep movsd
	pop esi
	cmp byte [ROM + MODE], 2
	je v86_enter
	; the case's stack, entry point, segments, flags, registers
	movzx eax, word [esi]
	mov [FARPTR], eax
	mov word [FARPTR + 4], SEL_CASE16
	cmp word [esi + 2], 32
	jne .sel16
	mov word [FARPTR + 4], SEL_CASE32
.sel16:
	mov ax, SEL_CASESS
	mov ss, ax
	mov esp, CASE_SP
	push dword [esi + 4]
	popfd
	mov ax, SEL_CASEDS
	mov fs, ax
	mov gs, ax
	mov es, ax
	mov eax, [esi + 8]
	mov ecx, [esi + 12]
	mov edx, [esi + 16]
	mov ebx, [esi + 20]
	mov ebp, [esi + 28]
	mov edi, [esi + 36]
	push dword [esi + 32]
	mov si, SEL_CASEDS
	mov ds, si
	pop esi
	jmp far [ss:FARPTR - STACK]

v86_enter:
	; an IRETD frame into virtual-8086 mode, IOPL 3 (INT 30h must reach us), IF clear
	push dword DATA >> 4              ; GS
	push dword DATA >> 4              ; FS
	push dword DATA >> 4              ; DS
	push dword DATA >> 4              ; ES
	push dword STACK >> 4             ; SS
	push dword CASE_SP                ; ESP
	mov eax, [esi + 4]
	and eax, 0x0CD5                   ; the arithmetic flags and DF (no TF, no IF)
	or eax, 0x23002                   ; VM, IOPL 3, bit 1
	push eax
	push dword 0xF000                 ; CS
	movzx eax, word [esi]
	push eax                          ; EIP
	mov eax, [esi + 8]
	mov ecx, [esi + 12]
	mov edx, [esi + 16]
	mov ebx, [esi + 20]
	mov ebp, [esi + 28]
	mov edi, [esi + 36]
	mov esi, [esi + 32]
	iretd

; protected-mode exception stubs (vectors with an error code drop it first)
pm_exc_0:
%assign v 0
%rep 0x30
%if v == 8 || (v >= 10 && v <= 14) || v == 17
	add esp, 4
%else
	nop
	nop
	nop
%endif
	push dword v
	jmp near pm_fault
%assign v v + 1
%endrep
pm_exc_1 equ pm_exc_0 + 10            ; each stub: ADD ESP,4 or three NOPs (3 bytes), PUSH imm8 (2), JMP NEAR (5)

pm_case_end:
	push dword 0xFFFFFFFF
pm_fault:
	cld
	; [esp] vector, then EIP CS EFLAGS (and from V86: ESP SS ES DS FS GS)
	push ds
	push eax
	mov ax, SEL_DATA32
	mov ds, ax
	pop eax
	mov [STATE + 12], eax
	mov [STATE + 16], ecx
	mov [STATE + 20], edx
	mov [STATE + 24], ebx
	mov [STATE + 32], ebp
	mov [STATE + 36], esi
	mov [STATE + 40], edi
	pop eax                           ; the case's DS
	pop eax
	mov [STATE], eax                  ; vector
	pop eax
	mov [STATE + 8], eax              ; EIP
	pop eax                           ; CS
	pop eax
	mov [STATE + 4], eax              ; EFLAGS
	test eax, 0x20000
	jz .same_level
	pop eax                           ; ESP, from virtual-8086 mode
	jmp .esp
.same_level:
	mov eax, esp
.esp:
	mov [STATE + 28], eax
	mov ax, SEL_DATA32
	mov es, ax
	mov esi, DATA
	mov edi, STATE + 44
	mov ecx, 8
	rep movsd
	mov esi, STACK + CASE_SP - 32
	mov ecx, 8
	rep movsd
	mov esi, STATE
	mov ecx, DUMP_SIZE
	mov dx, 0xE9
	rep outsb
	inc word [INDEX]
	jmp pm_next

finish32:
	mov al, 0
	out 0xF4, al
	hlt
	jmp finish32

; ---- tables ----
	align 8
gdt_rom:
	dq 0
	dq 0x00CF9B000000FFFF             ; 08h: flat code, 32-bit, accessed
	dq 0x00CF93000000FFFF             ; 10h: flat data
	dq 0x00009B0F0000FFFF             ; 18h: 16-bit code at F0000h
	dq 0x00409B0F0000FFFF             ; 20h: 32-bit code at F0000h
	dq 0x000093008000FFFF             ; 28h: data at 8000h
	dq 0x000093009000FFFF             ; 30h: stack at 9000h, 16-bit
	dq 0x0000890020000067             ; 38h: the TSS at 2000h
gdt_rom_end:
gdt_pointer:
	dw gdt_rom_end - gdt_rom - 1
	dd GDT
idt_pointer:
	dw 0x31 * 8 - 1
	dd IDT

	times MODE - ($ - $$) db 0
	db 0                              ; MODE
	db 0
	dw 0                              ; COUNT

	times 0xFFF0 - ($ - $$) db 0
	bits 16
reset:
	jmp 0xF000:start
	times 0x10000 - ($ - $$) db 0
