using Concord.TestSupport;

namespace Concord.Engines.Tests.I386.Differential;

/// <summary>Runs a ROM in QEMU's TCG (qemu-system-i386, a 486 with our ROM as its BIOS) and returns what it wrote to port E9h.</summary>
internal static class QemuRunner
{
    public const string Binary = "qemu-system-i386";

    /// <summary>The path of QEMU; skips the test when it is missing.</summary>
    public static string Require()
    {
        if (HostTools.Find(Binary) is { } path) return path;
        Assert.Skip(HostTools.Missing(Binary, "qemu-system-x86"));
        return "";
    }

    public static byte[] Run(string qemu, byte[] rom)
    {
        using var temp = new TempFiles();
        string romPath = temp.Write("rom.bin", rom);
        string output = Path.Combine(temp.Folder, "e9.bin");
        var (status, stdout, stderr) = HostTools.Run(qemu, TimeSpan.FromSeconds(60),
            "-M", "pc", "-cpu", "486", "-m", "4", "-accel", "tcg", "-nodefaults", "-display", "none", "-no-reboot",
            "-bios", romPath,
            "-chardev", $"file,id=e9,path={output}", "-device", "isa-debugcon,iobase=0xe9,chardev=e9",
            "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04");
        // isa-debug-exit: the process ends with (value << 1) | 1; the ROM writes 0.
        if (status != 1) Assert.Fail($"QEMU ended with status {status} instead of through the debug-exit port: {stdout} {stderr}");
        return File.Exists(output) ? File.ReadAllBytes(output) : [];
    }
}
