using Concord.Cli.Commands;

namespace Concord.Cli.Tests;

/// <summary><c>concord run --machine FILE</c> and <c>concord run</c> alone (the bundled system), headless, end to end.</summary>
/// <remarks>One class: the tests set <see cref="BundledSystem.DataDirVariable"/> for the process, and xUnit runs a class's tests one at a time.</remarks>
public sealed class MachineRunTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "concord-state-" + Guid.NewGuid().ToString("N"));

    public MachineRunTests() => Environment.SetEnvironmentVariable(BundledSystem.DataDirVariable, _state);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(BundledSystem.DataDirVariable, null);
        try { Directory.Delete(_state, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public void Run_alone_boots_the_bundled_system_from_copies_and_both_VMs_reach_their_prompts()
    {
        string repoImage = RepoPaths.Under("firmware", "os", "cdos-at.img");
        string repoPc98Image = RepoPaths.Under("firmware", "os", "cdos-pc98.img");
        byte[] before = File.ReadAllBytes(repoImage);
        byte[] beforePc98 = File.ReadAllBytes(repoPc98Image);

        CliRun run = CliRun.Invoke("run", "--headless", "--expect", "dos:A:\\>", "--expect", "guest:B:\\>", "--timeout", "30",
            "--screen-dir", _stateParent());

        Assert.True(run.Status == 0, run.Stderr);
        Assert.Contains("first run: copied the bundled Concord DOS diskettes (dos.img, guest.img) to " + _state, run.Stderr);
        Assert.True(File.Exists(Path.Combine(_state, "dos.img")));
        Assert.True(File.Exists(Path.Combine(_state, "guest.img")));
        Assert.Contains("the machine is described by " + Path.Combine(_state, BundledSystem.MachineFileName), run.Stderr);
        Assert.Contains("Booting from A:", run.Stdout);
        Assert.Contains("Booting from 1 MB floppy drive #2", run.Stdout); // the PC-98 BIOS boots the guest's second drive
        Assert.Contains("A:\\>", File.ReadAllText(Path.Combine(_stateParent(), "dos.txt")));
        string guestScreen = File.ReadAllText(Path.Combine(_stateParent(), "guest.txt"));
        Assert.Contains("Concord DOS 1.00 (pc98)", guestScreen); // the guest is the PC-98's OS
        Assert.Contains("B:\\>", guestScreen);
        Assert.Equal(before, File.ReadAllBytes(repoImage));
        Assert.Equal(beforePc98, File.ReadAllBytes(repoPc98Image));

        CliRun again = CliRun.Invoke("run", "--headless", "--expect", "guest:B:\\>", "--timeout", "30");
        Assert.True(again.Status == 0, again.Stderr);
        Assert.DoesNotContain("first run", again.Stderr);
    }

    [Fact]
    public void Exec_alone_runs_a_program_in_the_bundled_parent_and_in_its_guest()
    {
        string share = Path.Combine(_state, "share");
        Directory.CreateDirectory(share);
        File.Copy(RepoPaths.Firmware("apps", "EXITWITH.COM"), Path.Combine(share, "EXITWITH.COM"));

        CliRun parent = CliRun.Invoke("exec", "--mount", $"D={share}", "--timeout", "60", "--", "D:EXITWITH", "42", "in the parent");
        Assert.True(parent.Status == 42, parent.Stderr);
        Assert.Equal("exitwith: 42 in the parent\n", parent.Stdout);

        CliRun guest = CliRun.Invoke("exec", "--vm", "guest", "--timeout", "60", "--", "HELLO", "from the guest");
        Assert.True(guest.Status == 0, guest.Stderr);
        Assert.Equal("Hello from a Concord DOS program!\nCommand tail: from the guest\n", guest.Stdout);
    }

    private string _stateParent()
    {
        string dir = Path.Combine(_state, "screens");
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Fact]
    public void The_written_out_machine_file_is_the_one_the_next_run_starts()
    {
        CliRun first = CliRun.Invoke("run", "--headless", "--expect", "guest:B:\\>", "--timeout", "30");
        Assert.True(first.Status == 0, first.Stderr);
        string machineFile = Path.Combine(_state, BundledSystem.MachineFileName);
        File.WriteAllText(machineFile, File.ReadAllText(machineFile)
            .Replace("name = \"guest\"", "name = \"other\"")
            .Replace("caller = \"guest\"", "caller = \"other\"")
            .Replace("callee = \"guest\"", "callee = \"other\""));

        CliRun edited = CliRun.Invoke("run", "--headless", "--expect", "other:B:\\>", "--timeout", "30");

        Assert.True(edited.Status == 0, edited.Stderr);
        Assert.DoesNotContain("the machine is described by", edited.Stderr);
    }

    [Fact]
    public void The_bundled_machine_file_in_docs_is_the_one_concord_writes()
    {
        string docs = File.ReadAllText(RepoPaths.Under("docs", "machines", "bundled.toml"));

        Assert.Equal(BundledSystem.MachineFileText + "\n", docs.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_step_without_a_VM_prefix_names_the_VMs()
    {
        CliRun run = CliRun.Invoke("run", "--headless", "--expect", "A:\\>");

        Assert.Equal(2, run.Status);
        Assert.Contains("concord: run: --expect 'A:\\\\>': no VM named 'A' (VMs: dos, guest)", run.Stderr);
    }

    [Fact]
    public void Typing_into_one_VM_and_powering_both_off_cuts_the_power_with_status_0_and_writes_the_trace()
    {
        string trace = Path.Combine(_stateParent(), "trace.jsonl");

        CliRun run = CliRun.Invoke("run", "--headless", "--trace", trace, "--timeout", "30",
            "--expect", "dos:A:\\>", "--expect", "guest:B:\\>",
            // POWEROFF.COM prints before it asks the BIOS: the guest is off before the parent's request, which cuts the power.
            "--send", "guest:poweroff\\r", "--expect", "guest:Powering off.", "--send", "dos:poweroff\\r", "--until-off");

        Assert.True(run.Status == 0, run.Stderr);
        string[] lines = File.ReadAllLines(trace);
        Assert.Contains(lines, l => l.Contains("\"vmName\":\"guest\"") && l.Contains("\"device\":\"power\"") && l.Contains("\"newEff\":0"));
        Assert.Contains(lines, l => l.Contains("\"vmName\":\"dos\"") && l.Contains("\"device\":\"power\"") && l.Contains("\"newEff\":1"));
    }

    [Fact]
    public void One_trace_holds_the_tables_changes_the_gate_calls_and_with_trace_ports_the_port_writes()
    {
        string trace = Path.Combine(_stateParent(), "all.jsonl");

        CliRun run = CliRun.Invoke("run", "--headless", "--trace", trace, "--trace-ports", "--timeout", "60",
            "--expect", "dos:A:\\>", "--expect", "guest:B:\\>",
            "--send", "guest:rdir\\r", "--expect", "guest: bytes");

        Assert.True(run.Status == 0, run.Stderr);
        var events = Monitor.Tracing.JsonLinesTraceReader.ReadAll(new StringReader(File.ReadAllText(trace)));
        Assert.Contains(events, e => e is Monitor.Table.TableEvent { Device: "fdc" });
        Assert.Contains(events, e => e is Monitor.Gates.GateEvent { Kind: Monitor.Gates.GateEventKind.Return, CallerName: "guest", CalleeName: "dos" });
        Assert.Contains(events, e => e is Monitor.Vm.PortWriteEvent { VmName: "guest", Port: 0xEF } or Monitor.Vm.PortWriteEvent { Port: 0x3F2 });

    }

    [Fact]
    public void The_bundled_demo_gives_the_same_trace_and_screens_on_the_interpreter_and_the_jit()
    {
        // Both VMs of the bundled system are 80286s, so --engine jit translates them both; each engine
        // starts from fresh copies of the diskettes.
        (string Trace, string Dos, string Guest) Run(string engine)
        {
            string state = Path.Combine(_state, engine);
            Environment.SetEnvironmentVariable(BundledSystem.DataDirVariable, state);
            string screens = Path.Combine(state, "screens");
            Directory.CreateDirectory(screens);
            string trace = Path.Combine(state, "trace.jsonl");
            CliRun run = CliRun.Invoke("run", "--headless", "--engine", engine, "--trace", trace, "--trace-ports", "--timeout", "60",
                "--expect", "dos:A:\\>", "--expect", "guest:B:\\>", "--send", "guest:rdir\\r", "--expect", "guest: bytes",
                "--send", "guest:dir\\r", "--expect", "guest:B:\\>", "--screen-dir", screens);
            Assert.True(run.Status == 0, engine + ": " + run.Stderr);
            return (Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(trace))),
                    File.ReadAllText(Path.Combine(screens, "dos.txt")), File.ReadAllText(Path.Combine(screens, "guest.txt")));
        }

        var interp = Run("interp");
        var jit = Run("jit");

        Assert.Equal(interp.Dos, jit.Dos);
        Assert.Equal(interp.Guest, jit.Guest);
        Assert.Contains("bytes", interp.Guest, StringComparison.Ordinal);
        Assert.Equal(interp.Trace, jit.Trace);
    }

    [Fact]
    public void Trace_ports_without_a_trace_is_bad_input()
    {
        CliRun run = CliRun.Invoke("run", "--headless", "--trace-ports", "--timeout", "5");
        Assert.Equal(2, run.Status);
        Assert.Contains("--trace-ports needs a trace to go into: add --trace FILE", run.Stderr);
    }

    [Fact]
    public void Run_floppy_and_a_machine_file_of_one_vm_give_the_same_screen_console_and_status_on_a_real_dos()
    {
        Directory.CreateDirectory(_state);
        byte[] freedos = File.ReadAllBytes(RepoPaths.TestData("freedos", "freedos-8086tiny-1440k.img"));
        string floppy = Path.Combine(_state, "floppy.img"), machineImage = Path.Combine(_state, "machine.img");
        File.WriteAllBytes(floppy, freedos);
        File.WriteAllBytes(machineImage, freedos);
        string file = Path.Combine(_state, "one.toml");
        // The machine run --floppy makes: an 80386 with 4 MiB.
        File.WriteAllText(file, "[[vm]]\nname = \"pc\"\nrole = \"parent\"\ncpu = \"80386\"\nmemory_kib = 4096\n\n[[drive]]\nname = \"system\"\nimage = \"machine.img\"\nunit = 0\n");
        string screenA = Path.Combine(_state, "a.txt"), screenB = Path.Combine(_state, "b.txt");

        CliRun viaFloppy = CliRun.Invoke("run", "--headless", "--timeout", "60", "--floppy", floppy, "--screen", screenA,
            "--expect", "A:\\>", "--send", "ver\\r", "--expect", "FreeCom");
        CliRun viaFile = CliRun.Invoke("run", "--headless", "--timeout", "60", "--machine", file, "--screen", "pc:" + screenB,
            "--expect", "pc:A:\\>", "--send", "pc:ver\\r", "--expect", "pc:FreeCom");

        Assert.True(viaFloppy.Status == 0, viaFloppy.Stderr);
        Assert.Equal(viaFloppy.Status, viaFile.Status);
        Assert.Equal(viaFloppy.Stdout, viaFile.Stdout);   // what the BIOS and DOS wrote to the debug console
        Assert.Contains("FreeCom", File.ReadAllText(screenA));
        Assert.Equal(File.ReadAllText(screenA), File.ReadAllText(screenB));
    }

    [Fact]
    public void A_machine_file_with_errors_is_refused_with_its_errors()
    {
        Directory.CreateDirectory(_state);
        string file = Path.Combine(_state, "bad.toml");
        File.WriteAllText(file, "[[vm]]\nname = \"x\"\nrole = \"guest\"\n");

        CliRun run = CliRun.Invoke("run", "--headless", "--machine", file);

        Assert.Equal(2, run.Status);
        Assert.Contains(file, run.Stderr);
    }
}
