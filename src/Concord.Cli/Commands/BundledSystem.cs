namespace Concord.Cli.Commands;

/// <summary>
/// The system <c>concord run</c> starts with no image and no machine file: a parent VM <c>dos</c>
/// (Concord DOS, at profile, drive A:) and a guest VM <c>guest</c> (for now also at-profile
/// Concord DOS, from its own copy in drive B:), both on the one shared floppy controller. The
/// machine file is <see cref="MachineFileText"/> (also docs/machines/bundled.toml); the diskettes are
/// copied to a per-user folder on first run, so running never changes the repository's images.
/// </summary>
internal static class BundledSystem
{
    /// <summary>Overrides the per-user folder (tests).</summary>
    public const string StateDirVariable = "CONCORD_STATE_DIR";

    public const string MachineFileName = "bundled.toml";

    // Resource names: the Concord DOS image as the demo embeds it, if this build embeds it.
    private const string ResourcePrefix = "Concord.Cli.Demo.";

    /// <summary>The bundled machine file (docs/machines/bundled.toml holds the same text; a test keeps them equal).</summary>
    public const string MachineFileText = """
        # The bundled system: what `concord run` starts with no image and no machine file.
        # Two VMs on one machine share the floppy controller and its two drives (the patent's
        # scenario): the parent "dos" boots Concord DOS from drive A:, the guest "guest" boots its
        # own copy from drive B:. Both run at profile for now (the nx profile is being built).
        # concord copies the diskettes next to this file on first run; edit or replace them there.

        [[vm]]
        name = "dos"
        role = "parent"
        profile = "at"
        memory_kib = 640
        cpu = "80286"
        boot = "A"
        busy_byte = "auto"

        [[vm]]
        name = "guest"
        role = "guest"
        profile = "at"
        memory_kib = 640
        cpu = "80286"
        boot = "B"
        busy_byte = "auto"

        [[drive]]
        name = "dos-system"
        image = "dos.img"
        format = "1.44M"
        unit = 0

        [[drive]]
        name = "guest-system"
        image = "guest.img"
        format = "1.44M"
        unit = 1

        [policy]
        fdc.motor = "any"
        fdc.select = "lease"
        fdc.reset = "lease"
        fdc.dma_gate = "lease"
        fdc.command = "lease"
        power = "all"

        [clock]
        mode = "virtual"
        """;

    /// <summary>The per-user folder: $CONCORD_STATE_DIR, else $XDG_STATE_HOME/concord/bundled, else ~/.local/state/concord/bundled.</summary>
    public static string Folder()
    {
        if (Environment.GetEnvironmentVariable(StateDirVariable) is { Length: > 0 } dir) return Path.GetFullPath(dir);
        string state = Environment.GetEnvironmentVariable("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "concord", "bundled");
    }

    /// <summary>
    /// Makes sure the folder holds the machine file and both diskettes (copying the bundled image
    /// where one is missing, and saying so on <paramref name="note"/>); returns the machine file's path.
    /// </summary>
    /// <exception cref="IOException">The folder cannot be made or written, or no Concord DOS image is found.</exception>
    public static string Prepare(Action<string> note)
    {
        string folder = Folder();
        Directory.CreateDirectory(folder);
        string machine = Path.Combine(folder, MachineFileName);
        if (!File.Exists(machine)) File.WriteAllText(machine, MachineFileText + "\n");
        var copied = new List<string>();
        foreach (string name in new[] { "dos.img", "guest.img" })
        {
            string path = Path.Combine(folder, name);
            if (File.Exists(path)) continue;
            byte[] image = CdosAtImage();
            string temp = path + ".tmp";
            File.WriteAllBytes(temp, image);
            File.Move(temp, path, overwrite: true);
            copied.Add(name);
        }
        if (copied.Count > 0)
            note($"first run: copied the bundled Concord DOS diskettes ({string.Join(", ", copied)}) to {folder}; the VMs write to these copies");
        return machine;
    }

    /// <summary>Concord DOS for the at profile: embedded in this build, or from the repository this build came from.</summary>
    private static byte[] CdosAtImage()
    {
        using (Stream? s = typeof(BundledSystem).Assembly.GetManifestResourceStream(ResourcePrefix + "cdos-at.img"))
        {
            if (s is not null)
            {
                var bytes = new byte[s.Length];
                s.ReadExactly(bytes);
                return bytes;
            }
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "firmware", "os", "cdos-at.img");
            if (File.Exists(candidate)) return File.ReadAllBytes(candidate);
        }
        throw new IOException($"no Concord DOS image: this build embeds none and there is no firmware/os/cdos-at.img above {AppContext.BaseDirectory}");
    }
}
