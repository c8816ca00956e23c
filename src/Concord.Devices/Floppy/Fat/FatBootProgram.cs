using System.Text;

namespace Concord.Devices.Floppy.Fat;

/// <summary>
/// The code <see cref="FatVolume.Format(FloppyGeometry, FatFormatOptions?)"/> puts in a boot sector,
/// from offset <see cref="Offset"/>: it prints <see cref="Message"/> through INT 10h (AH=0Eh), waits for
/// a key (INT 16h) and calls INT 19h. The source is <c>FatBootProgram.asm</c> in this folder.
/// </summary>
public static class FatBootProgram
{
    /// <summary>Where the program starts in the boot sector (the jump at offset 0 goes there).</summary>
    public const int Offset = 0x3E;

    /// <summary>What it prints (CR LF line ends).</summary>
    public const string Message = "\r\nThis is not a system disk.\r\nInsert a system disk and press any key to restart.\r\n";

    /// <summary>The code before the message (nasm output of FatBootProgram.asm, org 7C3Eh).</summary>
    private static ReadOnlySpan<byte> Code =>
    [
        0xFA,                   // cli
        0x31, 0xC0,             // xor ax, ax
        0x8E, 0xD8,             // mov ds, ax
        0x8E, 0xD0,             // mov ss, ax
        0xBC, 0x00, 0x7C,       // mov sp, 7C00h
        0xFB,                   // sti
        0xFC,                   // cld
        0xBE, 0x64, 0x7C,       // mov si, message (7C64h)
        0xAC,                   // .next: lodsb
        0x84, 0xC0,             // test al, al
        0x74, 0x09,             // jz .wait
        0xB4, 0x0E,             // mov ah, 0Eh
        0xBB, 0x07, 0x00,       // mov bx, 0007h
        0xCD, 0x10,             // int 10h
        0xEB, 0xF2,             // jmp .next
        0x31, 0xC0,             // .wait: xor ax, ax
        0xCD, 0x16,             // int 16h
        0xCD, 0x19,             // int 19h
        0xF4,                   // .hang: hlt
        0xEB, 0xFD,             // jmp .hang
    ];

    /// <summary>The whole program: code, then the message ending in a zero byte.</summary>
    public static byte[] Bytes()
    {
        byte[] message = Encoding.ASCII.GetBytes(Message);
        var bytes = new byte[Code.Length + message.Length + 1];
        Code.CopyTo(bytes);
        message.CopyTo(bytes, Code.Length);
        return bytes;
    }
}
