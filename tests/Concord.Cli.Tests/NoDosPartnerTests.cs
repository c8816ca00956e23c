using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Cli.Tests;

/// <summary>
/// A VM whose busy byte is <c>auto</c> but whose OS is no DOS (a boot sector that reads keys
/// through the BIOS and never installs INT 21h): a headless <c>concord run</c> says so on standard
/// error, and the partner VM runs on (its RDIR reports the monitor's C009h).
/// </summary>
public sealed class NoDosPartnerTests
{
    [Fact]
    public void A_headless_run_reports_a_vm_whose_os_cannot_be_asked_and_the_other_vm_runs_on()
    {
        using var temp = new TempFiles();
        temp.Write("raw.img", BootSectors.Build(asm =>
        {
            Label top = asm.CreateLabel();
            asm.Label(ref top);
            asm.mov(ah, 0x00);
            asm.@int(0x16);
            asm.jmp(top);
        }));
        File.Copy(RepoPaths.Firmware("os", "cdos-at.img"), Path.Combine(temp.Folder, "dos.img"));
        string machine = temp.Write("machine.toml", System.Text.Encoding.ASCII.GetBytes("""
            [[vm]]
            name = "dos"
            role = "parent"
            boot = "A"

            [[vm]]
            name = "raw"
            role = "guest"
            boot = "B"

            [[drive]]
            name = "disk-a"
            image = "dos.img"
            unit = 0

            [[drive]]
            name = "disk-b"
            image = "raw.img"
            unit = 1

            [[gate]]
            caller = "dos"
            vector = 0xE0
            callee = "raw"
            service = 0x21
            window = "9000-9FFF"
            """));
        string screens = Path.Combine(temp.Folder, "screens");

        CliRun run = CliRun.Invoke("run", "--machine", machine, "--headless", "--timeout", "60", "--screen-dir", screens,
            "--expect", "dos:A:\\>", "--send", "dos:rdir\\r", "--expect", "dos:RDIR: ");

        Assert.True(run.Status == 0, run.Stderr);
        Assert.Contains("concord: run: VM raw: gate calls into it fail (C009h): not a usable DOS: INT 21h points into the BIOS ROM", run.Stderr);
        Assert.DoesNotContain("VM dos:", run.Stderr);
        Assert.Contains("RDIR: gate error C009 (no safe point: the other OS is no DOS)", File.ReadAllText(Path.Combine(screens, "dos.txt")));
    }
}
