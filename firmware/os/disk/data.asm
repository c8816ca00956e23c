; data.asm - DATA.BIN, the multi-block file the gate demo copies (XFER.COM): 925 lines of 40
; bytes, 37000 bytes in all, so 37 blocks of 1024 bytes (the last one short) or 73 of 512.
; Every line differs: "DATA.BIN line NNNN of 0925: " then ten letters that start one
; further along the alphabet on each line, then CR LF, so a lost, doubled or shifted block
; shows in a byte-for-byte comparison.
;
; Build: firmware/build.sh (nasm -f bin -o DATA.BIN data.asm)

LINES           equ     925

%assign n 1
%rep LINES
        db      "DATA.BIN line "
        db      '0' + (n / 1000) % 10, '0' + (n / 100) % 10, '0' + (n / 10) % 10, '0' + n % 10
        db      " of 0925: "
%assign k 0
%rep 10
        db      'A' + (n + k) % 26
%assign k k + 1
%endrep
        db      13, 10
%assign n n + 1
%endrep
