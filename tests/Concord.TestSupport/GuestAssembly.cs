using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.TestSupport;

/// <summary>Guest code for tests, assembled with Iced in 16-bit mode: boot sectors and the debug ports.</summary>
public static class GuestAssembly
{
    /// <summary>The QEMU/Bochs debug console: each byte written goes to the host.</summary>
    public const byte DebugConsolePort = 0xE9;

    /// <summary>The QEMU-style debug exit: <c>out 0F4h, al</c> ends the run with status (AL &lt;&lt; 1) | 1.</summary>
    public const byte DebugExitPort = 0xF4;

    /// <summary>Assembles <paramref name="body"/> at <paramref name="origin"/>.</summary>
    public static byte[] Assemble(Action<Assembler> body, ulong origin)
    {
        var asm = new Assembler(16);
        body(asm);
        using var code = new MemoryStream();
        asm.Assemble(new StreamCodeWriter(code), origin);
        return code.ToArray();
    }

    /// <summary>A boot sector (code at 0000:7C00 and the 55AAh signature) at the start of <paramref name="size"/> bytes.</summary>
    public static byte[] BootSector(Action<Assembler> body, int size = 512)
    {
        byte[] code = Assemble(body, 0x7C00);
        if (code.Length > 510) throw new InvalidOperationException($"test boot code is {code.Length} bytes; a sector holds 510 before the signature");
        var image = new byte[size];
        code.CopyTo(image, 0);
        image[510] = 0x55;
        image[511] = 0xAA;
        return image;
    }

    /// <summary>Writes <paramref name="text"/> to the debug console, one <c>mov al, c; out 0E9h, al</c> per byte.</summary>
    public static void Print(this Assembler asm, string text)
    {
        foreach (char c in text)
        {
            asm.mov(al, (byte)c);
            asm.@out(DebugConsolePort, al);
        }
    }

    /// <summary><c>mov al, value; out 0F4h, al</c>: ends the run with status (value &lt;&lt; 1) | 1.</summary>
    public static void DebugExit(this Assembler asm, byte value)
    {
        asm.mov(al, value);
        asm.@out(DebugExitPort, al);
    }
}
