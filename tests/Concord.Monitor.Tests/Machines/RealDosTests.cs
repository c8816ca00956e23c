using Concord.Devices.Floppy.Fat;
using Concord.Monitor.Automation;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Table;
using Concord.Monitor.Tracing;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Machines;

/// <summary>
/// Gates and the management table with an unmodified real DOS (the FreeDOS diskette of tests/data)
/// as a partner: <c>busy_byte = "auto"</c> asks it, calls enter it at its own safe points under the
/// monitor's PSP, windows are relocated (FreeDOS uses the memory Concord DOS leaves free), and its
/// floppy accesses go through our BIOS into the table like Concord DOS's. Virtual clock throughout.
/// </summary>
public sealed class RealDosTests
{
    private static AutomationStep Expect(string text) => new AutomationStep.Expect(text);

    private static AutomationStep Send(string text) => new AutomationStep.Send(text);

    /// <summary>The FreeDOS prompt on drive A:.</summary>
    private const string FreeDosPrompt = "A:\\>";

    /// <summary>
    /// A copy of the FreeDOS diskette at <paramref name="name"/> with room (ALLEYCAT.EXE, a game,
    /// removed: the diskette is nearly full), the gate apps (for FreeDOS as the caller) and <paramref name="files"/>.
    /// </summary>
    internal static string FreeDosDisk(TempFiles temp, string name, params (string Name, byte[] Content)[] files)
    {
        string path = Path.Combine(temp.Folder, name);
        FatVolume volume = FatVolume.Open(File.ReadAllBytes(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img")), path);
        volume.DeleteFile("ALLEYCAT.EXE");
        foreach (string app in new[] { "XFER.COM", "RDIR.COM", "RTYPE.COM" })
            volume.WriteFile(app, File.ReadAllBytes(RepoPaths.Firmware("apps", app)));
        foreach (var (file, content) in files) volume.WriteFile(file, content);
        File.WriteAllBytes(path, volume.ToArray());
        return path;
    }

    /// <summary>A file of 7 blocks and a bit, every byte depending on its position and <paramref name="seed"/>.</summary>
    internal static byte[] Content(int seed)
    {
        var content = new byte[7 * 1024 + 300];
        for (int i = 0; i < content.Length; i++) content[i] = (byte)(i * 7 + i / 251 + seed);
        return content;
    }

    private static FatVolume Disk(TempFiles temp, string image) => FatVolume.Open(File.ReadAllBytes(Path.Combine(temp.Folder, image)));

    /// <summary>
    /// Two VMs and INT E0h both ways with the window 9000-9FFF, no mapping given: relocated. Each VM is
    /// (name, profile, boot drive letter, image file); the images go on units 0 and 1.
    /// </summary>
    internal static MachineSpec Machine(TempFiles temp, (string Name, string Profile, string Boot, string Image) parent,
        (string Name, string Profile, string Boot, string Image) guest, string motor = "any", string extraGuestKeys = "")
    {
        string text = $"""
            [[vm]]
            name = "{parent.Name}"
            role = "parent"
            profile = "{parent.Profile}"
            boot = "{parent.Boot}"

            [[vm]]
            name = "{guest.Name}"
            role = "guest"
            profile = "{guest.Profile}"
            boot = "{guest.Boot}"
            {extraGuestKeys}

            [[drive]]
            name = "disk-a"
            image = "{(parent.Boot == "A" ? parent.Image : guest.Image)}"
            unit = 0

            [[drive]]
            name = "disk-b"
            image = "{(parent.Boot == "A" ? guest.Image : parent.Image)}"
            unit = 1

            [[gate]]
            caller = "{guest.Name}"
            vector = 0xE0
            callee = "{parent.Name}"
            service = 0x21
            window = "9000-9FFF"

            [[gate]]
            caller = "{parent.Name}"
            vector = 0xE0
            callee = "{guest.Name}"
            service = 0x21
            window = "9000-9FFF"

            [policy]
            fdc.motor = "{motor}"
            """;
        return TestMachineFiles.Parse(temp, text);
    }

    private static void AssertCompleted(Machine machine, MachineOutcome outcome) =>
        Assert.True(outcome.Stop == StopReason.StepsCompleted, outcome.Describe() + "\n" + string.Join("\n", machine.Vms.Select(v =>
            $"{v.Name}: {v.State} {v.StopNote} {machine.Dos(v)}\n{v.Screen().ToText()}")));

    private static Gate GateFrom(Machine machine, string caller) => machine.Gates!.Gates.Single(g => g.Caller == machine.Vm(caller).Id);

    [Fact]
    public void A_concord_dos_guest_lists_a_freedos_parents_disk_and_copies_a_file_there_and_back_while_freedos_sits_at_its_prompt()
    {
        using var temp = new TempFiles();
        byte[] content = Content(1);
        FreeDosDisk(temp, "fd.img", ("FDFILE.BIN", content));
        File.Copy(TestMachineFiles.CdosPc98, Path.Combine(temp.Folder, "pc98.img"));
        using var machine = new Machine(Machine(temp, ("fd", "at", "A", "fd.img"), ("guest", "pc98", "B", "pc98.img")));

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("fd", Expect(FreeDosPrompt)), ("guest", Expect("B:\\>")),
            ("guest", Send("rdir\r")), ("guest", Expect("RDIR: ")),
            ("guest", Send("xfer a:fdfile.bin b:copy.bin\r")), ("guest", Expect(" retries, ")),
            ("fd", Send("dir /b fdfile.*\r")), ("fd", Expect("FDFILE.BAK\n\nA:\\>"))),
            TestContext.Current.CancellationToken);

        AssertCompleted(machine, outcome);
        string guestScreen = machine.Vm("guest").Screen().ToText();
        Assert.Contains("COMMAND.COM       66090", guestScreen);            // FreeDOS's files, as FreeDOS found them
        Assert.Contains("FDFILE.BIN         7468", guestScreen);
        Assert.Contains("XFER: compared 7468 bytes: the same", guestScreen);
        Assert.Contains("XFER: 16 blocks, 0 errors, 0 retries", guestScreen);
        DosInfo freeDos = machine.Dos(machine.Vm("fd"))!;
        Assert.Equal((DosState.Known, 7, 10), (freeDos.State, freeDos.Major, freeDos.Minor)); // FreeDOS's kernel says DOS 7.10
        Assert.Equal((DosState.Known, 3, 30), (machine.Dos(machine.Vm("guest"))!.State, 3, 30));
        Gate fromGuest = GateFrom(machine, "guest");
        Assert.Equal(0xA0000, fromGuest.Target);                                // relocated: FreeDOS's own 9000-9FFF stays its own
        Assert.True(fromGuest.Calls > 0 && fromGuest.Returns == fromGuest.Calls, $"calls {fromGuest.Calls}, returns {fromGuest.Returns}");
        // Every file XFER opened in FreeDOS was the monitor's process's, and is closed again.
        var jft = new byte[20];
        machine.Vm("fd").Hardware.Memory.Read(GateVmOptions.DefaultContextPage + 0x18, jft);
        Assert.All(jft, b => Assert.Equal(0xFF, b));
        machine.FlushDisks();
        machine.Dispose();
        Assert.Equal(content, Disk(temp, "pc98.img").ReadFile("COPY.BIN"));     // there: written by Concord DOS
        Assert.Equal(content, Disk(temp, "fd.img").ReadFile("FDFILE.BAK"));   // back: written by FreeDOS for the guest
        Assert.Equal(content, Disk(temp, "fd.img").ReadFile("FDFILE.BIN"));
    }

    [Fact]
    public void A_concord_dos_parent_lists_and_copies_from_a_freedos_guests_disk()
    {
        using var temp = new TempFiles();
        byte[] content = Content(2);
        FreeDosDisk(temp, "fd.img", ("GUEST.BIN", content));
        File.Copy(TestMachineFiles.CdosAt, Path.Combine(temp.Folder, "cdos.img"));
        // FreeDOS's CONFIG.SYS names A:\COMMAND.COM, so FreeDOS boots from A:; the parent from B:.
        using var machine = new Machine(Machine(temp, ("dos", "at", "B", "cdos.img"), ("fd", "at", "A", "fd.img")));

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("fd", Expect(FreeDosPrompt)), ("dos", Expect("B:\\>")),
            ("dos", Send("rdir *.com\r")), ("dos", Expect("RDIR: ")),
            ("dos", Send("xfer a:guest.bin fromfd.bin\r")), ("dos", Expect(" retries, "))),
            TestContext.Current.CancellationToken);

        AssertCompleted(machine, outcome);
        string screen = machine.Vm("dos").Screen().ToText();
        Assert.Contains("COMMAND.COM       66090", screen);
        Assert.Contains("RDIR: 5 files", screen);                              // COMMAND, QUITEMU and the three apps
        Assert.Contains("XFER: compared 7468 bytes: the same", screen);
        Assert.Equal(0, GateFrom(machine, "dos").Failures);
        machine.FlushDisks();
        machine.Dispose();
        Assert.Equal(content, Disk(temp, "cdos.img").ReadFile("FROMFD.BIN"));
        Assert.Equal(content, Disk(temp, "fd.img").ReadFile("GUEST.BAK"));
    }

    [Fact]
    public void A_call_arriving_while_freedos_copies_a_file_waits_for_its_next_int_21h_and_both_files_are_intact()
    {
        using var temp = new TempFiles();
        byte[] content = Content(3);
        FreeDosDisk(temp, "fd.img", ("FDFILE.BIN", content));
        File.Copy(TestMachineFiles.CdosPc98, Path.Combine(temp.Folder, "pc98.img"));
        using var machine = new Machine(Machine(temp, ("fd", "at", "A", "fd.img"), ("guest", "pc98", "B", "pc98.img")));
        var gateTrace = new Gates.GateTraceRecorder();
        machine.GateTrace = gateTrace;

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("fd", Expect(FreeDosPrompt)), ("guest", Expect("B:\\>")),
            ("fd", Send("copy command.com c2.com\r")),              // FreeDOS busy in its own INT 21h calls
            ("guest", Send("xfer a:fdfile.bin b:copy.bin\r")), ("guest", Expect(" retries, ")),
            ("fd", Expect("command.com => c2.com\n\nA:\\>"))),
            TestContext.Current.CancellationToken);

        AssertCompleted(machine, outcome);
        Assert.Contains("XFER: 16 blocks, 0 errors, 0 retries", machine.Vm("guest").Screen().ToText());
        Gate fromGuest = GateFrom(machine, "guest");
        Assert.True(fromGuest.Waits > 0, $"waits {fromGuest.Waits}");
        Assert.Contains(gateTrace.Events, e => e.Kind == GateEventKind.Wait && e.Detail == "busy");
        Assert.DoesNotContain(gateTrace.Events, e => e.Kind == GateEventKind.Fail);
        machine.FlushDisks();
        machine.Dispose();
        FatVolume fd = Disk(temp, "fd.img");
        Assert.Equal(fd.ReadFile("COMMAND.COM"), fd.ReadFile("C2.COM"));
        Assert.Equal(content, fd.ReadFile("FDFILE.BAK"));
        Assert.Equal(content, Disk(temp, "pc98.img").ReadFile("COPY.BIN"));
    }

    [Fact]
    public void An_os_that_is_no_dos_is_reported_and_calls_to_it_fail_while_the_other_vm_runs_on()
    {
        using var temp = new TempFiles();
        // A boot sector that says so and waits for keys through the BIOS, with no INT 21h of its own.
        byte[] boot = GuestCode.BootSector(a =>
        {
            var top = a.CreateLabel();
            a.Teletype("no DOS here");
            a.Label(ref top);
            a.mov(ah, 0x00);
            a.@int(0x16);
            a.jmp(top);
        });
        var image = new byte[1_474_560];
        boot.CopyTo(image, 0);
        File.WriteAllBytes(Path.Combine(temp.Folder, "raw.img"), image);
        File.Copy(TestMachineFiles.CdosAt, Path.Combine(temp.Folder, "cdos.img"));
        var trace = new Gates.GateTraceRecorder();
        using var machine = new Machine(Machine(temp, ("dos", "at", "A", "cdos.img"), ("raw", "at", "B", "raw.img")));
        machine.GateTrace = trace;

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("raw", Expect("no DOS here")), ("dos", Expect("A:\\>")),
            ("dos", Send("rdir\r")), ("dos", Expect("RDIR: ")),
            ("dos", Send("dir\r")), ("dos", Expect("bytes free"))),
            TestContext.Current.CancellationToken);

        AssertCompleted(machine, outcome);
        DosInfo raw = machine.Dos(machine.Vm("raw"))!;
        Assert.Equal(DosState.Failed, raw.State);
        Assert.Contains("INT 21h points into the BIOS ROM", raw.Reason);
        Assert.Contains(trace.Events, e => e.Kind == GateEventKind.NotLearned && e.CalleeName == "raw");
        Assert.Contains("RDIR: gate error C009 (no safe point: the other OS is no DOS)", machine.Vm("dos").Screen().ToText());
        Assert.Equal(VmRunState.Running, machine.Vm("raw").State);
    }

    [Fact]
    public void Freedos_drives_the_floppy_through_the_table_its_countdown_leaves_the_partners_motor_on_and_fdapm_poweroff_is_a_vote()
    {
        using var temp = new TempFiles();
        FreeDosDisk(temp, "fd.img");
        File.Copy(TestMachineFiles.CdosAt, Path.Combine(temp.Folder, "cdos.img"));
        var trace = new TraceRecorder();
        using var machine = new Machine(Machine(temp, ("fd", "at", "A", "fd.img"), ("guest", "at", "B", "cdos.img")), new MachineOptions { Trace = trace });
        CancellationToken cancel = TestContext.Current.CancellationToken;
        Assert.Equal(StopReason.StepsCompleted, machine.Run(TwoDosTests.Steps(("fd", Expect(FreeDosPrompt)), ("guest", Expect("B:\\>"))), cancel).Stop);
        MachineVm guest = machine.Vm("guest");
        int failuresBefore = ConcordDosKernel.FailedDiskCalls(guest.Hardware.Memory);

        // FreeDOS reads its disk and is back at its prompt (its BIOS's countdown runs); Concord DOS copies meanwhile.
        Assert.Equal(StopReason.StepsCompleted, machine.Run(TwoDosTests.Steps(("fd", Send("type autoexec.bat\r")), ("fd", Expect("navigation"))), cancel).Stop);
        long start = machine.NowNs;
        MachineOutcome work = machine.Run(TwoDosTests.Steps(
            ("guest", Send("copy data.bin d2.bin\r")), ("guest", Send("copy data.bin d3.bin\r")), ("guest", Send("echo end-of-work\r")),
            ("guest", Expect("\nend-of-work"))), cancel);
        long end = machine.NowNs;
        AssertCompleted(machine, work);

        Assert.Contains(trace.Events, e => e.VmName == "fd" && e.Device == "fdc" && e.Lease == LeaseAction.Acquired);  // FreeDOS's INT 13h, through our BIOS, leased the controller
        Assert.Contains(trace.Events, e => e.TimeNs >= start && e.TimeNs <= end && e.VmName == "fd" && e.Field == "motor0" && e.OldRequested == 1 && e.NewRequested == 0);
        Assert.DoesNotContain(trace.Events, e => e.TimeNs >= start && e.TimeNs <= end && e.Field == "motor1" && e.OldEffective == 1 && e.NewEffective == 0);
        Assert.Equal(0, ConcordDosKernel.FailedDiskCalls(guest.Hardware.Memory) - failuresBefore);

        // FDAPM's power-off is FreeDOS's vote; the relay switches only when Concord DOS votes too.
        MachineOutcome fdOff = machine.Run(TwoDosTests.Steps(("fd", Send("a:\\freedos\\bin\\fdapm poweroff\r")), ("fd", Expect("Disks stopped.")), ("guest", Send("echo still-here\r")),
            ("guest", Expect("\nstill-here"))), cancel);
        AssertCompleted(machine, fdOff);
        Assert.Equal(VmRunState.PoweredOff, machine.Vm("fd").State);
        Assert.True(machine.Power.HasAsked(machine.Vm("fd").Id));
        Assert.False(machine.Power.PowerCut);
        MachineOutcome end2 = machine.Run(TwoDosTests.Steps(("guest", Send("poweroff\r")), ("guest", Expect("never shown"))), cancel);
        Assert.Equal(StopReason.PowerOff, end2.Stop);
    }
}
