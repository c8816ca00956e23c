using Iced.Intel;

namespace Concord.Cli.Tests;

/// <summary>
/// Boot diskettes for the tests: code assembled with Iced at 0000:7C00 in the first sector (with
/// the 55AAh signature) of a blank 1.44 MB image, which the BIOS boots from drive A:.
/// </summary>
internal static class BootSectors
{
    public const byte DebugConsolePort = GuestAssembly.DebugConsolePort;
    public const byte DebugExitPort = GuestAssembly.DebugExitPort;

    /// <summary>The size of the images: a 1.44 MB diskette.</summary>
    public const int ImageSize = 1_474_560;

    /// <summary>The BIOS's last line before it jumps to the boot sector, on the debug console.</summary>
    public const string BootingFromA = "Booting from A:\n";

    /// <summary>What the guest printed on the debug console, after the BIOS's banner and boot line.</summary>
    public static string GuestOutput(string stdout)
    {
        int at = stdout.IndexOf(BootingFromA, StringComparison.Ordinal);
        return at < 0 ? stdout : stdout[(at + BootingFromA.Length)..];
    }

    /// <summary>Assembles <paramref name="body"/> as 16-bit code at 7C00h into the boot sector of a blank 1.44 MB image.</summary>
    public static byte[] Build(Action<Assembler> body) => GuestAssembly.BootSector(body, ImageSize);

    /// <summary>The example: prints "Hello", exits through F4h with AL = 21h (status 43h).</summary>
    public static byte[] Hello() => Build(asm =>
    {
        asm.Print("Hello");
        asm.DebugExit(0x21);
        asm.hlt(); // not reached
    });

    /// <summary>Spins forever: <c>jmp $</c>.</summary>
    public static byte[] Spin() => Build(asm =>
    {
        Label top = asm.CreateLabel();
        asm.Label(ref top);
        asm.jmp(top);
    });
}
