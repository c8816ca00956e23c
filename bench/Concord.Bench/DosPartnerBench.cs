using System.Diagnostics;
using System.Globalization;
using Concord.Devices.Floppy.Fat;
using Concord.Engines.Interpreter;
using Concord.Monitor.Automation;
using Concord.Monitor.Gates;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Table;
using Concord.Monitor.Tracing;
using Concord.Monitor.Vm;

namespace Concord.Bench;

/// <summary>
/// <c>dos-partner</c>: gate calls into a real DOS (the FreeDOS diskette of tests/data) against
/// Concord DOS, on whole machines with the virtual clock. Per pair of OSes: the gate round trip
/// (TRIPS.COM: 1000 times INT E0h AH=30h, the other DOS's version; machine and wall time per
/// trip, from the trace's first call to its last return) and XFER of the same 37000-byte file
/// (DATA.BIN of Concord DOS's diskettes) there and back (machine time as XFER says it and as the
/// trace spans it, wall time), with what explains the time: the calls, how long they waited for
/// a safe point, how often the floppy controller's lease changed hands and the motors started.
/// </summary>
public static class DosPartnerBench
{
    /// <summary>
    /// TRIPS.COM, assembled with NASM from:
    /// <code>
    ///         mov cx, 1000
    /// top:    push cx / mov ah, 30h / clc / int 0E0h / pop cx / jc fail / loop top
    ///         mov dx, done / jmp say
    /// fail:   mov dx, bad
    /// say:    mov ah, 9 / int 21h / int 20h
    /// done:   db "TRIPS: done", 13, 10, "$"
    /// bad:    db "TRIPS: failed", 13, 10, "$"
    /// </code>
    /// </summary>
    private static readonly byte[] Trips =
    [
        0xB9, 0xE8, 0x03, 0x51, 0xB4, 0x30, 0xF8, 0xCD, 0xE0, 0x59, 0x72, 0x07,
        0xE2, 0xF5, 0xBA, 0x1C, 0x01, 0xEB, 0x03, 0xBA, 0x2A, 0x01, 0xB4, 0x09,
        0xCD, 0x21, 0xCD, 0x20, .. "TRIPS: done\r\n$"u8, .. "TRIPS: failed\r\n$"u8,
    ];

    private const int TripCount = 1000;

    private sealed record Os(string Label, string Profile, string Boot, string Prompt, string Image);

    public static int Run(TextWriter output)
    {
        string root = Root();
        string folder = Path.Combine(Path.GetTempPath(), "concord-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            byte[] data = File.ReadAllBytes(Path.Combine(root, "firmware", "os", "disk", "DATA.BIN"));
            var freeDos = new Os("FreeDOS (at)", "at", "A", "A:\\>", "fd.img");
            var cdosAt = new Os("Concord DOS (at)", "at", "A", "A:\\>", "cdos.img");
            var cdosAtB = new Os("Concord DOS (at, B:)", "at", "B", "B:\\>", "cdosb.img");
            var cdosPc98 = new Os("Concord DOS (pc98)", "pc98", "B", "B:\\>", "pc98.img");

            output.WriteLine("Concord gates into a real DOS: whole machines, virtual clock (machine time = the clock the guests see)");
            output.WriteLine($"machine: {MachineInfo.Describe()}");
            output.WriteLine($"engine:  {Interpreter.EngineName}, guest CPU 80286 (both VMs)");
            output.WriteLine($"round trip: TRIPS.COM, {TripCount} x INT E0h AH=30h; XFER: DATA.BIN, {data.Length} bytes, there, back and compared");
            output.WriteLine();
            output.WriteLine($"{"caller -> callee",-38} {"what",-6} {"machine s",10} {"wall s",8} {"calls",6} {"per call",18} {"waited s",9} {"in callee s",11} {"leases",7} {"motor on",9} {"callee asks",11} {"callee ran s",12} {"idle s",7}  {"callee's FDC commands (read/write/seek/recalibrate, tracks stepped)",-30}");
            foreach (var (caller, callee) in new[] { (cdosAtB, freeDos), (cdosAtB, cdosAt), (cdosPc98, freeDos), (cdosPc98, cdosAt), (freeDos, cdosPc98) })
            {
                Prepare(root, folder, data, caller, callee);
                foreach (Row row in Measure(folder, caller, callee))
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{caller.Label + " -> " + callee.Label,-38} {row.What,-6} {row.MachineNs / 1e9,10:0.000} {row.Wall.TotalSeconds,8:0.000} {row.Calls,6} {PerCall(row),18} {row.WaitedNs / 1e9,9:0.000} {row.InsideNs / 1e9,11:0.000} {row.Leases,7} {row.MotorStarts,9} {row.CalleeMotorAsks,11} {row.CalleeRanNs / 1e9,12:0.000} {row.CalleeSkippedNs / 1e9,7:0.000}  {row.Fdc,-30}{(row.Note is null ? "" : "  " + row.Note)}"));
            }
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string PerCall(Row row) => row.Calls == 0 ? "-" :
        string.Create(CultureInfo.InvariantCulture, $"{row.MachineNs / 1e3 / row.Calls:0} us / {row.Wall.TotalMicroseconds / row.Calls:0} us");

    private sealed record Row(string What, long MachineNs, TimeSpan Wall, int Calls, long WaitedNs, int Leases, int MotorStarts, int CalleeMotorAsks, string Fdc, long CalleeRanNs, long CalleeSkippedNs, long InsideNs, string? Note);

    /// <summary>Fresh copies of the diskettes: FreeDOS's with room made (a game deleted), the apps, TRIPS.COM and DATA.BIN on each.</summary>
    private static void Prepare(string root, string folder, byte[] data, params Os[] oses)
    {
        foreach (Os os in oses)
        {
            string path = Path.Combine(folder, os.Image);
            byte[] source = os.Image == "fd.img"
                ? File.ReadAllBytes(Path.Combine(root, "tests", "data", "freedos", "freedos-8086tiny-1440k.img"))
                : File.ReadAllBytes(Path.Combine(root, "firmware", "os", os.Image == "pc98.img" ? "cdos-pc98.img" : "cdos-at.img"));
            FatVolume volume = FatVolume.Open(source, path);
            if (os.Image == "fd.img")
            {
                volume.DeleteFile("ALLEYCAT.EXE");
                volume.WriteFile("XFER.COM", File.ReadAllBytes(Path.Combine(root, "firmware", "apps", "XFER.COM")));
                volume.WriteFile("DATA.BIN", data);
            }
            volume.WriteFile("TRIPS.COM", Trips);
            File.WriteAllBytes(path, volume.ToArray());
        }
    }

    private static IEnumerable<Row> Measure(string folder, Os caller, Os callee)
    {
        Os parent = caller.Boot == "A" ? caller : callee, guest = parent == caller ? callee : caller;
        string text = $"""
            [[vm]]
            name = "caller"
            role = "{(parent == caller ? "parent" : "guest")}"
            profile = "{caller.Profile}"
            boot = "{caller.Boot}"

            [[vm]]
            name = "callee"
            role = "{(parent == callee ? "parent" : "guest")}"
            profile = "{callee.Profile}"
            boot = "{callee.Boot}"

            [[drive]]
            name = "disk-a"
            image = "{parent.Image}"
            unit = 0

            [[drive]]
            name = "disk-b"
            image = "{guest.Image}"
            unit = 1

            [[gate]]
            caller = "caller"
            vector = 0xE0
            callee = "callee"
            service = 0x21
            window = "9000-9FFF"
            """;
        MachineFileResult file = MachineFile.Parse(text, Path.Combine(folder, "machine.toml"));
        if (file.Spec is null) throw new InvalidOperationException(string.Join("\n", file.Errors));
        var trace = new TraceRecorder();
        using var machine = new Machine(file.Spec, new MachineOptions { Trace = trace, TracePortWrites = true });
        Step(machine, ("callee", Expect(callee.Prompt)), ("caller", Expect(caller.Prompt)));

        string calleeDrive = callee.Boot, callerDrive = caller.Boot;
        yield return Timed(machine, trace, "trips", ("caller", Send("trips\r")), ("caller", Expect("TRIPS: done")));
        yield return Timed(machine, trace, "xfer", ("caller", Send($"xfer {calleeDrive}:data.bin {callerDrive}:copy.bin\r")), ("caller", Expect(" s\n\n" + caller.Prompt)));
    }

    private static Row Timed(Machine machine, TraceRecorder trace, string what, params (string Vm, AutomationStep Step)[] steps)
    {
        trace.Clear();
        MachineVm callee = machine.Vm("callee");
        long ranBefore = callee.NowNs - callee.SkippedNs, skippedBefore = callee.SkippedNs, timeoutsBefore = machine.Fdc.LeaseTimeouts;
        long start = Stopwatch.GetTimestamp();
        Step(machine, steps);
        TimeSpan wall = Stopwatch.GetElapsedTime(start);
        long ran = callee.NowNs - callee.SkippedNs - ranBefore, skipped = callee.SkippedNs - skippedBefore;
        GateEvent[] calls = trace.GateEvents.Where(e => e.Kind == GateEventKind.Call).ToArray();
        GateEvent[] ends = trace.GateEvents.Where(e => e.Kind is GateEventKind.Return or GateEventKind.Fail).ToArray();
        long waited = 0, inside = 0, enteredAt = 0;
        var called = new Dictionary<string, long>();
        foreach (GateEvent e in trace.GateEvents)
        {
            if (e.Kind == GateEventKind.Call) called[e.CallerName] = e.TimeNs;
            else if (e.Kind == GateEventKind.Enter && called.Remove(e.CallerName, out long at))
            {
                waited += e.TimeNs - at;
                enteredAt = e.TimeNs;
            }
            else if (e.Kind == GateEventKind.Return) inside += e.TimeNs - enteredAt;
        }
        string screen = machine.Vm("caller").Screen().ToText();
        long timeouts = machine.Fdc.LeaseTimeouts - timeoutsBefore;
        string? note = what == "trips"
            ? (screen.Contains("TRIPS: done", StringComparison.Ordinal) ? null : "TRIPS FAILED")
            : screen.Split('\n').LastOrDefault(l => l.StartsWith("XFER: ", StringComparison.Ordinal) && l.Contains(" retries, ", StringComparison.Ordinal))?.Trim()
              + (screen.Contains("the same", StringComparison.Ordinal) ? "" : "  COMPARE FAILED");
        int failures = ends.Count(e => e.Kind == GateEventKind.Fail);
        if (failures != 0) note += $"  {failures} calls failed";
        if (timeouts != 0) note += $"  {timeouts} lease time-outs";
        return new Row(what, calls.Length == 0 ? 0 : ends[^1].TimeNs - calls[0].TimeNs, wall, calls.Length, waited,
            trace.Events.Count(e => e.Device == "fdc" && e.Lease == LeaseAction.Acquired),
            trace.Events.Count(e => e.Field.StartsWith("motor", StringComparison.Ordinal) && e.OldEffective == 0 && e.NewEffective == 1),
            trace.Events.Count(e => e.VmName == "callee" && e.Field.StartsWith("motor", StringComparison.Ordinal) && e.OldRequested == 0 && e.NewRequested == 1),
            FdcCommands(trace.PortWrites.Where(w => w.VmName == "callee" && w.Port == 0x3F5)),
            ran, skipped, inside, note);
    }

    /// <summary>
    /// The commands a VM gave the floppy controller, from the bytes it wrote to its data register
    /// (3F5h): each command's first byte says how many parameter bytes follow (82077AA datasheet).
    /// </summary>
    private static string FdcCommands(IEnumerable<PortWriteEvent> writes)
    {
        int reads = 0, writesCount = 0, seeks = 0, recalibrates = 0, stepped = 0, command = -1, index = 0, length = 0, drive = 0;
        var cylinder = new int[4];
        foreach (PortWriteEvent w in writes)
        {
            if (index < length)
            {
                if (index == 0) drive = w.Value & 3;
                if (command == 0x0F && index == 1)
                {
                    stepped += Math.Abs(w.Value - cylinder[drive]);
                    cylinder[drive] = w.Value;
                }
                if (command == 0x07 && index == 0) cylinder[drive] = 0;
                index++;
                continue;
            }
            command = w.Value & 0x1F;
            index = 0;
            length = command switch
            {
                0x06 => 8,  // read data
                0x05 => 8,  // write data
                0x0F => 2,  // seek
                0x07 => 1,  // recalibrate
                0x03 => 2,  // specify
                0x04 => 1,  // sense drive status
                0x0A => 1,  // read ID
                0x0D => 5,  // format track
                0x13 => 3,  // configure
                _ => 0,     // sense interrupt, version, ...: no parameters
            };
            if (command == 0x06) reads++;
            else if (command == 0x05) writesCount++;
            else if (command == 0x0F) seeks++;
            else if (command == 0x07) recalibrates++;
        }
        return $"{reads}/{writesCount}/{seeks}/{recalibrates}, {stepped} tracks";
    }

    private static void Step(Machine machine, params (string Vm, AutomationStep Step)[] steps)
    {
        MachineOutcome outcome = machine.Run(new MachineRunOptions
        {
            Steps = steps.Select(s => new MachineStep(s.Vm, s.Step)).ToArray(),
            Timeout = TimeSpan.FromSeconds(60),
        });
        if (outcome.Stop != StopReason.StepsCompleted) throw new InvalidOperationException(outcome.Describe());
    }

    private static AutomationStep Expect(string text) => new AutomationStep.Expect(text);

    private static AutomationStep Send(string text) => new AutomationStep.Send(text);

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Concord.sln"))) return dir.FullName;
        throw new InvalidOperationException($"no Concord.sln above {AppContext.BaseDirectory}: run the bench from the repository");
    }
}
