using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;

namespace Concord.Devices.Tests.Pc98;

/// <summary>FreeDOS(98), a real PC-98 DOS, on the PC-98 devices and BIOS (tests/data/pc98).</summary>
public sealed class FreeDos98BootTests(ITestOutputHelper output)
{
    public static FloppyImage FreeDos98() =>
        FloppyImage.FromBytes(File.ReadAllBytes(RepoPaths.Under("tests", "data", "pc98", "freedos98-2hd-1232k.img")));

    [Fact]
    public void FreeDos98_boots_to_its_prompt_touching_only_ports_the_machine_has()
    {
        using var machine = new Pc98TestMachine(FreeDos98());
        machine.RecordUnmappedPorts();
        bool prompt = machine.RunUntil(m => m.Screen().Contains("A:\\>"), 60);
        output.WriteLine($"{machine.NowNs / 1e9:F2} s, {machine.Instructions} instructions\n{machine.Screen()}");

        Assert.True(prompt, $"no prompt after {machine.NowNs / 1e9:F1} s:\n{machine.Screen()}");
        Assert.Contains("FreeCom ver 0.85a_DBCS", machine.Screen().ToText());
        Assert.Empty(machine.UnmappedAccesses);
        Assert.Equal(0x90, machine.Memory.Read8(0x584)); // booted from 1 MB drive 0
    }

    [Fact]
    public void Dir_lists_the_diskette_and_type_shows_its_japanese_document()
    {
        using var machine = new Pc98TestMachine(FreeDos98());
        Assert.True(machine.RunUntil(m => m.Screen().Contains("A:\\>"), 60));

        machine.Type("dir\r");
        Assert.True(machine.RunUntil(m => m.Screen().Contains("バイトの空き容量があります"), 30), machine.Screen().ToText());
        Assert.Contains("SYS_FD98 TXT         6,854", machine.Screen().ToText());

        machine.Type("cls\rtype sys_fd98.txt\r");
        Assert.True(machine.RunUntil(m => PromptAfter(m.Screen().ToText(), "5秒に設定。"), 30), machine.Screen().ToText());
        string screen = machine.Screen().ToText();
        output.WriteLine(screen);
        // The last lines of the document, in Shift-JIS on the disk, as Unicode on the screen.
        Assert.Contains("SYS CONFIG \\kernel.sys for=1 glo=1 sho=1 ski=5", screen);
        Assert.Contains("割り当て状況を表示、CONFIG.SYSの処理待ちを5秒に設定。", screen);
    }

    [Fact]
    public void Copy_to_a_second_diskette_makes_a_byte_identical_file()
    {
        using var blank = FloppyImage.FromBytes(FatVolume.Format(FloppyGeometry.Floppy1232K, new FatFormatOptions { Timestamp = new DateTime(2025, 1, 1) }).ToArray());
        using var machine = new Pc98TestMachine(FreeDos98(), blank);
        Assert.True(machine.RunUntil(m => m.Screen().Contains("A:\\>"), 60));
        Assert.Contains("B: FD1 2HD #1", machine.Screen().ToText());

        machine.Type("copy sys_fd98.txt b:\r");
        Assert.True(machine.RunUntil(m => PromptAfter(m.Screen().ToText(), "b:sys_fd98.txt"), 30), machine.Screen().ToText());

        byte[] original = FatVolume.Open(FreeDos98()).ReadFile("SYS_FD98.TXT");
        Assert.Equal(original, FatVolume.Open(blank).ReadFile("SYS_FD98.TXT"));
    }

    [Fact]
    public void Mem_counts_640k_and_debug_dumps_the_bios_work_area()
    {
        using var machine = new Pc98TestMachine(FreeDos98());
        Assert.True(machine.RunUntil(m => m.Screen().Contains("A:\\>"), 60));

        machine.Type("cls\rmem\r");
        Assert.True(machine.RunUntil(m => PromptAfter(m.Screen().ToText(), "Largest executable"), 30), machine.Screen().ToText());
        Assert.Matches(@"Conventional\s+640K", machine.Screen().ToText());

        machine.Type("cls\rdebug\rd 0:500 l10\rq\r");
        Assert.True(machine.RunUntil(m => PromptAfter(m.Screen().ToText(), "-q"), 30), machine.Screen().ToText());
        // 0000:0500h-0501h: normal mode and the 1 MB interface, 640 KiB
        Assert.Contains("0000:0500  03 24", machine.Screen().ToText());
    }

    /// <summary>The prompt is back after the text: the command has finished printing it.</summary>
    private static bool PromptAfter(string screen, string text)
    {
        int at = screen.LastIndexOf(text, StringComparison.Ordinal);
        return at >= 0 && screen.IndexOf("A:\\>", at, StringComparison.Ordinal) > 0;
    }
}
