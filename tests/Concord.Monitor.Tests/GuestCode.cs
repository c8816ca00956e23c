using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests;

/// <summary>Guest programs for the tests, assembled with Iced as 16-bit code, and the BIOS calls they use.</summary>
internal static class GuestCode
{
    public const byte DebugConsolePort = GuestAssembly.DebugConsolePort;
    public const byte DebugExitPort = GuestAssembly.DebugExitPort;

    /// <summary>Assembles <paramref name="body"/> at <paramref name="origin"/>.</summary>
    public static byte[] Assemble(Action<Assembler> body, ulong origin) => GuestAssembly.Assemble(body, origin);

    /// <summary>A 512-byte boot sector: code at 0000:7C00 and the 55AAh signature.</summary>
    public static byte[] BootSector(Action<Assembler> body) => GuestAssembly.BootSector(body);

    /// <summary>Writes <paramref name="text"/> on the screen through INT 10h AH=0Eh (teletype).</summary>
    public static void Teletype(this Assembler asm, string text)
    {
        foreach (char c in text)
        {
            asm.mov(ax, (ushort)(0x0E00 | (byte)c));
            asm.mov(bx, 0x0007);
            asm.@int(0x10);
        }
    }

    /// <summary>AL as two hex digits to the debug console (clobbers AX, CL).</summary>
    public static void PrintHexAl(this Assembler asm)
    {
        Label digit1 = asm.CreateLabel(), digit2 = asm.CreateLabel();
        asm.mov(ah, al);
        asm.mov(cl, 4);
        asm.shr(al, cl);
        asm.add(al, (byte)'0');
        asm.cmp(al, (byte)'9');
        asm.jbe(digit1);
        asm.add(al, 7);
        asm.Label(ref digit1);
        asm.@out(DebugConsolePort, al);
        asm.mov(al, ah);
        asm.and(al, 0x0F);
        asm.add(al, (byte)'0');
        asm.cmp(al, (byte)'9');
        asm.jbe(digit2);
        asm.add(al, 7);
        asm.Label(ref digit2);
        asm.@out(DebugConsolePort, al);
    }

    /// <summary>APM power off through the BIOS: connect (5301h), then set power state off (5307h, BX=1, CX=3).</summary>
    public static void ApmPowerOff(this Assembler asm)
    {
        asm.mov(ax, 0x5301);
        asm.xor(bx, bx);
        asm.@int(0x15);
        asm.mov(ax, 0x5307);
        asm.mov(bx, 1);
        asm.mov(cx, 3);
        asm.@int(0x15);
    }

    /// <summary>Spins forever: <c>jmp $</c>.</summary>
    public static void Spin(this Assembler asm)
    {
        Label top = asm.CreateLabel();
        asm.Label(ref top);
        asm.jmp(top);
    }
}
