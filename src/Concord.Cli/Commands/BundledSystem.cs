namespace Concord.Cli.Commands;

/// <summary>
/// The system <c>concord run</c> starts with no image and no machine file: a parent VM <c>dos</c>
/// (Concord DOS, at profile, drive A:) and a guest VM <c>guest</c> (Concord DOS for the pc98
/// profile, a NEC PC-98, drive B:), both on the one shared floppy controller, with INT E0h gates both ways. The
/// machine file is <see cref="MachineFileText"/> (also docs/machines/bundled.toml); the diskettes are
/// copied to a per-user folder on first run, so running never changes the repository's images.
/// </summary>
internal static class BundledSystem
{
    /// <summary>Overrides the per-user folder (tests, or a second bundled system).</summary>
    public const string DataDirVariable = "CONCORD_DATA_DIR";

    public const string MachineFileName = "bundled.toml";

    // Resource names: the Concord DOS image as the demo embeds it, if this build embeds it.
    private const string ResourcePrefix = "Concord.Cli.Demo.";

    /// <summary>The bundled machine file (docs/machines/bundled.toml holds the same text; a test keeps them equal).</summary>
    public const string MachineFileText = """
        # The bundled system: what `concord run` starts with no image and no machine file: the
        # patent's scenario on one machine. The parent "dos" runs Concord DOS for the PC/AT (at
        # profile) from its 1.44M diskette in A:; the guest "guest" runs Concord DOS built for the
        # other hardware (pc98 profile: a NEC PC-98, its own BIOS, text VRAM at A0000h, 1.23M
        # diskettes of 1024-byte sectors) from drive B:. Both drive the one floppy controller through the management
        # table, and each OS reaches the other's INT 21h through INT E0h (XFER, RDIR, RTYPE; see
        # firmware/apps/GATES.md). concord copies the diskettes next to this file on first run;
        # edit or replace them there.

        [[vm]]
        name = "dos"
        role = "parent"
        profile = "at"
        memory_kib = 640
        cpu = "80286"
        boot = "A"
        busy_byte = "auto"
        free = "9000-9FFF"      # Concord DOS never uses it: a window may cover it

        [[vm]]
        name = "guest"
        role = "guest"
        profile = "pc98"
        memory_kib = 640
        cpu = "80286"
        boot = "B"
        busy_byte = "auto"
        free = "9000-9FFF"      # Concord DOS never uses it: a window may cover it

        [[drive]]
        name = "dos-system"
        image = "dos.img"
        format = "1.44M"
        unit = 0

        [[drive]]
        name = "guest-system"
        image = "guest.img"
        format = "1.23M"
        unit = 1

        # INT E0h in the guest runs the parent's INT 21h (claim 1), and the other way round (claim 2);
        # the window 9000-9FFF of the caller is lent at the same addresses, over the callee's 9000-9FFF,
        # which each VM declares free (Concord DOS never uses it). For an OS that does, leave out
        # `free` and `mapping`: the window is then relocated to a hole of the callee's map.
        # Each gate is a door: it passes only the INT 21h services (AH) the gate apps use: current
        # drive 19h, DTA 1Ah/2Fh, version 30h (is a DOS there?), create/open/close/read/write 3Ch-40h,
        # seek 42h, find 4Eh-4Fh. Any other (delete 41h, rename 56h, exec 4Bh, ...) fails with CF=1,
        # AX=C007h.
        [[gate]]
        caller = "guest"
        vector = 0xE0
        callee = "dos"
        service = 0x21
        window = "9000-9FFF"
        mapping = "identity"
        allow = ["19h", "1Ah", "2Fh", "30h", "3Ch-40h", "42h", "4Eh-4Fh"]

        [[gate]]
        caller = "dos"
        vector = 0xE0
        callee = "guest"
        service = 0x21
        window = "9000-9FFF"
        mapping = "identity"
        allow = ["19h", "1Ah", "2Fh", "30h", "3Ch-40h", "42h", "4Eh-4Fh"]

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

    /// <summary>
    /// The bundled system's edition, raised whenever its machine file or diskettes change so that a
    /// copy written by an older Concord cannot run as it is. 2: the guest is a PC-98 (edition 1's
    /// nx diskette does not boot there), the gates' allow lists pass AH=30h, and Concord DOS calls
    /// INT 28h at its prompt (real-DOS gates, host folders and exec need it).
    /// </summary>
    public const int Edition = 2;

    /// <summary>
    /// The per-user data folder: $CONCORD_DATA_DIR, else concord/bundled-2 (the <see cref="Edition"/>) in
    /// the user's local data folder ($XDG_DATA_HOME or ~/.local/share on Linux, %LOCALAPPDATA% on Windows,
    /// ~/Library/Application Support on macOS). A copy of an older edition stays where it was, untouched.
    /// </summary>
    public static string Folder()
    {
        if (Environment.GetEnvironmentVariable(DataDirVariable) is { Length: > 0 } dir) return Path.GetFullPath(dir);
        return EditionFolder(UserConcordFolder(), Edition);
    }

    private static string UserConcordFolder() =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "concord");

    /// <summary>Where edition <paramref name="edition"/> lives in <paramref name="concordFolder"/>: bundled (1), bundled-N after.</summary>
    internal static string EditionFolder(string concordFolder, int edition) =>
        Path.Combine(concordFolder, edition == 1 ? "bundled" : $"bundled-{edition}");

    /// <summary>The newest folder of an edition before <see cref="Edition"/> in <paramref name="concordFolder"/> that holds a machine file, or null.</summary>
    internal static string? OlderEdition(string concordFolder)
    {
        for (int edition = Edition - 1; edition >= 1; edition--)
        {
            string folder = EditionFolder(concordFolder, edition);
            if (File.Exists(Path.Combine(folder, MachineFileName))) return folder;
        }
        return null;
    }

    /// <summary>
    /// Makes sure the folder holds the machine file and both diskettes (copying the bundled image
    /// where one is missing, and saying so on <paramref name="note"/>); returns the machine file's path.
    /// </summary>
    /// <exception cref="IOException">The folder cannot be made or written, or no Concord DOS image is found.</exception>
    public static string Prepare(Action<string> note)
    {
        bool own = Environment.GetEnvironmentVariable(DataDirVariable) is { Length: > 0 };
        return Prepare(Folder(), own ? null : OlderEdition(UserConcordFolder()), note);
    }

    /// <summary>
    /// <see cref="Prepare(Action{string})"/> for <paramref name="folder"/>; when it is new and
    /// <paramref name="olderEdition"/> holds an older copy, the note says that copy is kept as it was.
    /// </summary>
    internal static string Prepare(string folder, string? olderEdition, Action<string> note)
    {
        Directory.CreateDirectory(folder);
        string machine = Path.Combine(folder, MachineFileName);
        bool wroteMachine = !File.Exists(machine);
        if (wroteMachine) File.WriteAllText(machine, MachineFileText + "\n");
        var copied = new List<string>();
        foreach ((string name, string source) in new[] { ("dos.img", "cdos-at.img"), ("guest.img", "cdos-pc98.img") })
        {
            string path = Path.Combine(folder, name);
            if (File.Exists(path)) continue;
            byte[] image = ConcordDosImage(source);
            string temp = path + ".tmp";
            File.WriteAllBytes(temp, image);
            File.Move(temp, path, overwrite: true);
            copied.Add(name);
        }
        if (copied.Count > 0)
            note($"first run: copied the bundled Concord DOS diskettes ({string.Join(", ", copied)}) to {folder}; the VMs write to these copies");
        if (wroteMachine)
            note($"the machine is described by {machine}: read it, change it (policies, gates, memory), or run another with --machine FILE");
        if (wroteMachine && olderEdition is { } older)
            note($"{older} holds the bundled system of an older Concord, kept as it was; this Concord cannot run it as it is " +
                 "(its guest diskette is not for the PC-98), so it starts a new copy here; run the old machine file with --machine to see what fails");
        return machine;
    }

    /// <summary>A Concord DOS diskette (<paramref name="name"/>): embedded in this build, or from the repository this build came from.</summary>
    private static byte[] ConcordDosImage(string name)
    {
        using (Stream? s = typeof(BundledSystem).Assembly.GetManifestResourceStream(ResourcePrefix + name))
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
            string candidate = Path.Combine(dir.FullName, "firmware", "os", name);
            if (File.Exists(candidate)) return File.ReadAllBytes(candidate);
        }
        throw new IOException($"no Concord DOS image: this build embeds none and there is no firmware/os/{name} above {AppContext.BaseDirectory}");
    }
}
