; The boot program Concord writes into the boot sector of a diskette it formats (after the BIOS
; parameter block, at offset 3Eh). A data diskette holds no system: if someone boots from it, it
; says so through the video BIOS (INT 10h, AH=0Eh), waits for a key (INT 16h) and asks the BIOS to
; try the next boot device (INT 19h). 8086 code; DS is set to 0, so it runs the same whether the
; BIOS entered it at 0000:7C00 or at 07C0:0000.
;
; Assemble: nasm -f bin -o FatBootProgram.bin FatBootProgram.asm
; The bytes are kept in FatBootProgram.cs; FatBootProgramTests checks that they match this file
; when nasm is installed.

        bits 16
        org 7C3Eh                       ; linear address of boot sector offset 3Eh

start:  cli
        xor ax, ax
        mov ds, ax
        mov ss, ax
        mov sp, 7C00h
        sti
        cld
        mov si, message
.next:  lodsb
        test al, al
        jz .wait
        mov ah, 0Eh                     ; teletype output
        mov bx, 0007h                   ; page 0, light grey
        int 10h
        jmp .next
.wait:  xor ax, ax                      ; read a key
        int 16h
        int 19h                         ; bootstrap: try again
.hang:  hlt                             ; INT 19h does not return on a PC; if it does, stay here
        jmp .hang

message db 13, 10, "This is not a system disk.", 13, 10
        db "Insert a system disk and press any key to restart.", 13, 10, 0
