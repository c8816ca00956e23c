using Concord.Monitor.Automation;

namespace Concord.Cli.Demo;

/// <summary>
/// The gate demo's scenario: the machine files docs/machines/demo-POLICY.toml (an at parent booting A:,
/// a pc98 guest booting B:, INT E0h gates both ways over the window 9000-9FFF) and what is typed into
/// each VM. The files and the two Concord DOS images are embedded in this program; each run gets
/// fresh copies in a folder of its own, laid out as in the repository so that the machine file's
/// relative image paths hold.
/// </summary>
internal static class DemoScenario
{
    /// <summary>The policies compared, the patent's first.</summary>
    public static readonly IReadOnlyList<string> Policies = ["any", "passthrough", "exclusive"];

    public const string Parent = "parent";
    public const string Guest = "guest";

    /// <summary>The file the guest copies from the parent's disk (A:) through the parent's OS.</summary>
    public const string SourceName = "DATA.BIN";

    /// <summary>The copy on the guest's disk (B:).</summary>
    public const string CopyName = "COPY.BIN";

    /// <summary>The copy XFER writes back to the parent's disk (A:) through the parent's OS: the source's name with BAK.</summary>
    public const string BackName = "DATA.BAK";

    public const string ParentImage = "cdos-at.img";
    public const string GuestImage = "cdos-pc98.img";

    /// <summary>
    /// The boot, which the figures leave out: the parent boots first with the guest held, then the
    /// guest (as in the patent, where the parent OS is up before the monitor starts the guest). Booting
    /// both at once works under <c>any</c> and <c>exclusive</c>; under <c>passthrough</c> the parent's
    /// DOR writes stop the guest's motor so often that its BIOS gives up on B: and boots A:.
    /// </summary>
    public static IReadOnlyList<MachineStep> ParentBootSteps { get; } = [new(Parent, new AutomationStep.Expect("A:\\>"))];

    /// <summary>The guest's boot, after the parent's.</summary>
    public static IReadOnlyList<MachineStep> GuestBootSteps { get; } = [new(Guest, new AutomationStep.Expect("B:\\>"))];

    /// <summary>
    /// The work. The guest's XFER reads A:DATA.BIN through the parent's INT 21h (claim 1) and writes
    /// B:COPY.BIN itself, then copies that back to A:DATA.BAK through the parent's INT 21h and compares
    /// the three; meanwhile the parent lists the guest's disk through the guest's INT 21h
    /// (claim 2) and reads its own disk (TYPE, DIR). Then the guest copies the copy on its own disk
    /// while the parent idles, so the parent's motor countdown runs out during the guest's work (the
    /// patent's failure under passthrough). Both power off; the machine's power is cut after the last.
    /// Every program is loaded from a disk, which under passthrough may fail while the other OS reads
    /// its own: so each VM's next step waits for a line typed after its commands (ECHO), which shows
    /// whether they worked or not, and the two POWEROFF.COM are loaded one after the other.
    /// </summary>
    public static IReadOnlyList<MachineStep> WorkSteps { get; } =
    [
        new(Guest, new AutomationStep.Send($"XFER A:{SourceName} B:{CopyName}\r")),
        new(Parent, new AutomationStep.Send("RDIR B:*.*\r")),
        new(Parent, new AutomationStep.Send("TYPE README.TXT\r")),    // typed ahead: runs once RDIR has ended
        new(Parent, new AutomationStep.Send("DIR\r")),
        new(Parent, new AutomationStep.Send("ECHO PARENT-DONE\r")),   // shows once DIR has ended, well or not
        new(Parent, new AutomationStep.Expect("\nPARENT-DONE")),
        new(Guest, new AutomationStep.Send("VER\r")),          // typed ahead: shows once XFER has ended (or failed to load)
        new(Guest, new AutomationStep.Expect("profile)")),
        new(Guest, new AutomationStep.Send($"COPY {CopyName} COPY2.BIN\r")),
        new(Guest, new AutomationStep.Send("ECHO ALL-DONE\r")), // typed ahead: shows once COPY has ended, well or not
        new(Guest, new AutomationStep.Expect("\nALL-DONE")),
        new(Guest, new AutomationStep.Send("POWEROFF\r")),
        new(Guest, new AutomationStep.Expect("Powering off.")), // POWEROFF.COM is loaded from the disk: not both at once
        new(Parent, new AutomationStep.Send("POWEROFF\r")),
    ];

    /// <summary>Writes the machine file of <paramref name="policy"/> and both images under <paramref name="folder"/>; returns the machine file's path.</summary>
    public static string Prepare(string policy, string folder)
    {
        string machines = Path.Combine(folder, "docs", "machines");
        string os = Path.Combine(folder, "firmware", "os");
        Directory.CreateDirectory(machines);
        Directory.CreateDirectory(os);
        string machineFile = Path.Combine(machines, $"demo-{policy}.toml");
        File.WriteAllBytes(machineFile, Resource($"demo-{policy}.toml"));
        File.WriteAllBytes(Path.Combine(os, ParentImage), Resource(ParentImage));
        File.WriteAllBytes(Path.Combine(os, GuestImage), Resource(GuestImage));
        return machineFile;
    }

    public static string ImagePath(string folder, string image) => Path.Combine(folder, "firmware", "os", image);

    /// <summary>An embedded file (Concord.Cli.csproj names them Concord.Cli.Demo.NAME).</summary>
    public static byte[] Resource(string name)
    {
        using Stream stream = typeof(DemoScenario).Assembly.GetManifestResourceStream($"Concord.Cli.Demo.{name}")
            ?? throw new InvalidOperationException($"the demo's file {name} is not embedded in {typeof(DemoScenario).Assembly.GetName().Name}; see Concord.Cli.csproj");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
