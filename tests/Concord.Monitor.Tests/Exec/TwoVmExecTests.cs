using System.Text;
using Concord.Monitor.Automation;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Tests.Machines;

namespace Concord.Monitor.Tests.Exec;

/// <summary>
/// A mount and host commands in one VM of a two-VM machine while the other VM copies a file over
/// the gate (the bundled system's shape: Concord DOS for the at profile as the parent, for pc98 as the
/// guest, INT E0h both ways, one floppy controller): the parent's drive D: is a host folder, and
/// WRITE.COM (on its diskette) runs again and again through its EXEC, writing to D:, while the
/// guest's XFER copies a file of the parent's disk to its own and back through the parent's DOS.
/// </summary>
public sealed class TwoVmExecTests
{
    [Fact]
    public void Commands_write_to_the_parents_mount_while_the_guest_copies_over_the_gate()
    {
        using var temp = new TempFiles();
        string share = Path.Combine(temp.Folder, "share");
        Directory.CreateDirectory(share);
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", "pc98", GateMachineTests.BothWays);
        spec = spec with { Mounts = [new MountSpec("parent", 'D', share, false)] };
        byte[] content = GateMachineTests.AddParentFile(temp, "ONLY.BIN");
        using var machine = new Machine(spec);
        MachineVm parent = machine.Vm("parent");
        CancellationToken cancel = TestContext.Current.CancellationToken;

        MachineOutcome booted = machine.Run(TwoDosTests.Steps(
            ("parent", new AutomationStep.Expect(":\\>")), ("guest", new AutomationStep.Expect(":\\>"))), cancel);
        Assert.Equal(StopReason.StepsCompleted, booted.Stop);

        // The guest's XFER runs as steps; meanwhile each finished command in the parent is followed by the next.
        var finished = new List<(DosCommand Command, string Output, bool DuringXfer)>();
        var output = new StringBuilder();
        bool xferDone = false;
        DosCommand Next() => machine.DosSessions.Exec(parent, DosCommand.Parse($"a:\\write.com d:\\out{finished.Count}.txt", b => output.Append((char)b), out _)!);
        DosCommand current = Next();
        bool EndWhen()
        {
            if (current.Done)
            {
                finished.Add((current, output.ToString(), !xferDone));
                output.Clear();
                current = Next();
            }
            return false;
        }
        MachineOutcome xfer = machine.Run(new MachineRunOptions
        {
            Steps = [new MachineStep("guest", new AutomationStep.Send("xfer only.bin copy.bin\r")), new MachineStep("guest", new AutomationStep.Expect("XFER: compared"))],
            EndWhen = EndWhen,
            Timeout = TimeSpan.FromSeconds(240),
        }, cancel);
        Assert.True(xfer.Stop == StopReason.StepsCompleted, xfer.Describe() + "\n" + machine.DosSessions.Session(parent)!.Describe());
        xferDone = true;
        MachineOutcome last = machine.Run(new MachineRunOptions { EndWhen = () => current.Done, Timeout = TimeSpan.FromSeconds(120) }, cancel);
        Assert.Equal(StopReason.Finished, last.Stop);
        finished.Add((current, output.ToString(), false));

        Assert.Contains("XFER: compared 7468 bytes: the same", machine.Vm("guest").Screen().ToText());
        Assert.True(finished.Count(f => f.DuringXfer) >= 2, $"{finished.Count(f => f.DuringXfer)} commands ended while XFER ran");
        Gate fromGuest = machine.Gates!.Gates.Single(g => g.Caller == machine.Vm("guest").Id);
        Assert.True(fromGuest.Calls > 0 && fromGuest.Returns == fromGuest.Calls && fromGuest.Failures == 0,
            $"calls {fromGuest.Calls}, returns {fromGuest.Returns}, failures {fromGuest.Failures}");
        string expected = string.Concat(Enumerable.Range(1, 100).Select(i => $"CDOS WRITE.COM line {i:D3}\r\n"));
        for (int i = 0; i < finished.Count; i++)
        {
            var (command, said, _) = finished[i];
            Assert.True(command.Result!.Ran && command.Result.ExitCode == 0, command.Result.ToString());
            Assert.Equal("WRITE: 2500 bytes written\r\n", said);
            Assert.Equal(expected, File.ReadAllText(Path.Combine(share, $"OUT{i}.TXT")));
        }
        machine.Dispose();
        var guestDisk = Concord.Devices.Floppy.Fat.FatVolume.Open(File.ReadAllBytes(Path.Combine(temp.Folder, "b.img")));
        Assert.Equal(content, guestDisk.ReadFile("COPY.BIN"));
    }

    [Fact]
    public void A_vm_whose_int_21h_is_a_gate_cannot_have_mounts()
    {
        using var temp = new TempFiles();
        string share = Path.Combine(temp.Folder, "share");
        Directory.CreateDirectory(share);
        const string gate = """
            [[gate]]
            caller = "parent"
            vector = 0x21
            callee = "guest"
            service = 0x21
            """;
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", "pc98", gate) with { Mounts = [new MountSpec("parent", 'D', share, false)] };
        var e = Assert.Throws<MachineConfigurationException>(() => new Machine(spec));
        Assert.EndsWith("VM parent: a gate takes its INT 21h, which the monitor watches to talk to its DOS (mounts, exec)", e.Message);
        using var without = new Machine(spec with { Mounts = [] }); // the refused machine left its images unlocked
        Assert.Null(without.DosSessions.Session(without.Vm("parent")));
    }
}
