using System.Text;
using Concord.Monitor.Automation;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Tests.Machines;

namespace Concord.Monitor.Tests.Exec;

/// <summary>
/// One VM that is everything the monitor does with a DOS at once: FreeDOS (unmodified) as an auto
/// gate callee (<c>busy_byte = "auto"</c>: entered at its own safe points), with a host folder as
/// its drive D: and host commands run in it, while a Concord DOS PC-98 guest copies files from that
/// very D: over the gate (its XFER's calls go into FreeDOS, whose INT 2Fh goes to the mount). The
/// monitor asks FreeDOS once and watches its INTs in one place: every round of every part works,
/// before, during and after the host's commands (when the session and the gates each watched INT
/// 21h and 28h, the session's unwatching after its last command left a gate call waiting for a
/// safe moment that was never seen: XFER's call failed with C006h).
/// </summary>
public sealed class GateCalleeExecTests
{
    /// <summary>Round 1 before any host command, the middle ones while commands run one after another, the last after they ended (the DOS idle at its prompt, nothing queued).</summary>
    private const int Rounds = 4;

    [Fact]
    public void Gate_calls_into_a_freedos_with_a_mount_and_host_commands_all_work_round_after_round()
    {
        using var temp = new TempFiles();
        string share = Path.Combine(temp.Folder, "share");
        Directory.CreateDirectory(share);
        File.Copy(RepoPaths.Firmware("apps", "WRITE.COM"), Path.Combine(share, "WRITE.COM"));
        File.Copy(RepoPaths.Firmware("apps", "EXITWITH.COM"), Path.Combine(share, "EXITWITH.COM"));
        var contents = new byte[Rounds + 1][];
        for (int r = 1; r <= Rounds; r++)
        {
            // Each round's file of its own length, so that each round's "compared N bytes" is its own.
            contents[r] = RealDosTests.Content(r)[..(5000 + r * 333)];
            File.WriteAllBytes(Path.Combine(share, $"ROUND{r}.BIN"), contents[r]);
        }
        RealDosTests.FreeDosDisk(temp, "fd.img");
        File.Copy(TestMachineFiles.CdosPc98, Path.Combine(temp.Folder, "pc98.img"));
        MachineSpec spec = RealDosTests.Machine(temp, ("fd", "at", "A", "fd.img"), ("guest", "pc98", "B", "pc98.img"));
        Assert.Equal(BusyByteMode.Auto, spec.Vm("fd")!.BusyByte.Mode);
        spec = spec with { Mounts = [new MountSpec("fd", 'D', share, false)] };
        using var machine = new Machine(spec);
        MachineVm fd = machine.Vm("fd");
        CancellationToken cancel = TestContext.Current.CancellationToken;

        MachineOutcome booted = machine.Run(TwoDosTests.Steps(("fd", new AutomationStep.Expect("A:\\>")), ("guest", new AutomationStep.Expect("B:\\>"))), cancel);
        Assert.True(booted.Stop == StopReason.StepsCompleted, booted.Describe());

        // Host commands one after another in FreeDOS (WRITE.COM onto D:, EXITWITH.COM with its own exit code), all through the rounds.
        var finished = new List<(DosCommand Command, string Line, string Output)>();
        var output = new StringBuilder();
        string line = "";
        DosCommand Next()
        {
            int n = finished.Count;
            line = n % 2 == 0 ? $"d:\\write.com d:\\out{n}.txt" : $"d:exitwith {n} said {n}";
            return machine.DosSessions.Exec(fd, DosCommand.Parse(line, b => output.Append((char)b), out _)!);
        }
        static MachineStep[] Round(int r, byte[] content) =>
        [
            new MachineStep("guest", new AutomationStep.Send($"xfer d:round{r}.bin b:copy{r}.bin\r")),
            new MachineStep("guest", new AutomationStep.Expect($"XFER: compared {content.Length} bytes: the same")),
        ];
        MachineOutcome first = machine.Run(new MachineRunOptions { Steps = Round(1, contents[1]), Timeout = TimeSpan.FromSeconds(120) }, cancel);
        Assert.True(first.Stop == StopReason.StepsCompleted, first.Describe() + "\n" + machine.Vm("guest").Screen().ToText());

        DosCommand current = Next();
        bool stop = false;
        bool EndWhen()
        {
            if (!current.Done) return false;
            finished.Add((current, line, output.ToString()));
            output.Clear();
            if (stop) return true;
            current = Next();
            return false;
        }

        var steps = new List<MachineStep>();
        for (int r = 2; r < Rounds; r++) steps.AddRange(Round(r, contents[r]));
        MachineOutcome xfer = machine.Run(new MachineRunOptions { Steps = [.. steps], EndWhen = EndWhen, Timeout = TimeSpan.FromSeconds(300) }, cancel);
        Assert.True(xfer.Stop == StopReason.StepsCompleted, xfer.Describe() + "\n" + machine.DosSessions.Session(fd)!.Describe() + "\n" +
            machine.Dos(fd) + "\n" + machine.Vm("guest").Screen().ToText());
        int duringXfer = finished.Count;
        stop = true;
        MachineOutcome last = machine.Run(new MachineRunOptions { EndWhen = EndWhen, Timeout = TimeSpan.FromSeconds(120) }, cancel);
        Assert.Equal(StopReason.Finished, last.Stop);
        MachineOutcome after = machine.Run(new MachineRunOptions { Steps = Round(Rounds, contents[Rounds]), Timeout = TimeSpan.FromSeconds(120) }, cancel);
        Assert.True(after.Stop == StopReason.StepsCompleted, after.Describe() + "\n" + machine.Vm("guest").Screen().ToText());

        // The gates: every call the guest made into FreeDOS returned, none failed or timed out.
        Gate fromGuest = machine.Gates!.Gates.Single(g => g.Caller == machine.Vm("guest").Id);
        Assert.True(fromGuest.Calls > 10 * Rounds && fromGuest.Returns == fromGuest.Calls && fromGuest.Failures == 0,
            $"calls {fromGuest.Calls}, returns {fromGuest.Returns}, failures {fromGuest.Failures}");
        DosInfo dos = machine.Dos(fd)!;
        Assert.Equal((DosState.Known, 7, 10), (dos.State, dos.Major, dos.Minor));
        Assert.True(dos.ListOfLists > 0 && dos.SwappableData > 0, dos.ToString());
        Assert.Null(machine.DosSessions.Session(fd)!.MountProblem);

        // The host commands: each ran, said what it says and exited as asked, while the guest's rounds ran and after.
        Assert.True(duringXfer >= 2, $"{duringXfer} commands ended while the guest's XFER rounds ran");
        string written = string.Concat(Enumerable.Range(1, 100).Select(i => $"CDOS WRITE.COM line {i:D3}\r\n"));
        for (int n = 0; n < finished.Count; n++)
        {
            var (command, said, text) = finished[n];
            DosCommandResult result = command.Result!;
            Assert.True(result.Ran, $"{said}: {result}");
            if (n % 2 == 0)
            {
                Assert.Equal((0, "WRITE: 2500 bytes written\r\n"), (result.ExitCode, text));
                Assert.Equal(written, File.ReadAllText(Path.Combine(share, $"OUT{n}.TXT")));
            }
            else
            {
                Assert.Equal((n, $"exitwith: {n} said {n}\r\n"), (result.ExitCode, text));
            }
        }

        // The files the guest copied from FreeDOS's mounted D: and back there (XFER's .BAK), byte for byte.
        machine.FlushDisks();
        machine.Dispose();
        var guestDisk = Concord.Devices.Floppy.Fat.FatVolume.Open(File.ReadAllBytes(Path.Combine(temp.Folder, "pc98.img")));
        for (int r = 1; r <= Rounds; r++)
        {
            Assert.Equal(contents[r], guestDisk.ReadFile($"COPY{r}.BIN"));
            Assert.Equal(contents[r], File.ReadAllBytes(Path.Combine(share, $"ROUND{r}.BAK")));
        }
    }
}
