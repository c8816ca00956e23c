using Concord.Core.Memory;
using Concord.Devices.Bus;
using Concord.Devices.Floppy;
using Concord.Devices.Video;

namespace Concord.Monitor.Profiles;

/// <summary>
/// A platform profile: what makes a VM one kind of hardware or the other: its board (the chips and
/// their ports), its BIOS image, its text display and its native diskette. Both have RAM from 0 to
/// 640 KiB, the power relay at EFh and the debug ports E9h/F4h.
/// </summary>
/// <remarks>
/// <para><b>at</b>, the machine's own: the PC/AT board (<see cref="PlatformBoard.At"/>),
/// <c>bios.bin</c>; colour text at B8000h (32 KiB) through a <see cref="TextVideo"/> at 3D4h/3D5h
/// and 3D8h-3DAh; 1.44M drives (80 x 2 x 18 x 512).</para>
/// <para><b>pc98</b>, the "other hardware": a NEC PC-9801 (<see cref="PlatformBoard.Pc98"/>),
/// <c>firmware/bios98/bios98.bin</c>; text VRAM at A0000h (characters) and A2000h (attributes),
/// 16 KiB, through a <see cref="Pc98TextVideo"/> whose GDC is at 60h/62h; 1 MB drives whose
/// medium is 1.23M (77 x 2 x 8 x 1024). Its old name <c>nx</c> (the PC-98-like profile it grew
/// from) still finds it.</para>
/// <para>This is the one profile type: machine files, the command line and the VMs all name a
/// profile by this object (<see cref="Find"/> reads the spellings users write).</para>
/// Profiles are immutable; <see cref="CreateVideo"/> makes a new device for each VM.
/// </remarks>
public sealed class PlatformProfile
{
    /// <summary>The machine's own hardware.</summary>
    public static readonly PlatformProfile At = new(
        name: "at",
        oldNames: [],
        description: "PC/AT: colour text at B8000h (CRTC 3D4h), 1.44M diskettes of 512-byte sectors",
        board: PlatformBoard.At,
        memoryStepKib: 4,
        biosResourceName: "Concord.Monitor.Profiles.bios.bin",
        textMemoryAddress: TextVideo.ColorTextBase,
        textMemorySize: 32 * 1024,
        videoPorts: [new PortRange(TextVideo.CrtcIndexPort, 2), new PortRange(TextVideo.ModeControlPort, 3)],
        defaultDriveType: FloppyDriveType.Drive1440K,
        nativeMedium: FloppyGeometry.Floppy1440K,
        createVideo: static (memory, clock) =>
        {
            var video = new TextVideo(memory, clock);
            return (video, video.Snapshot);
        })
    {
        InvalidOpcodeStop = ConcordBiosInvalidOpcodeStop,
    };

    /// <summary>The "other hardware" of the patent: a NEC PC-98 (the old name nx finds it too).</summary>
    public static readonly PlatformProfile Pc98 = new(
        name: "pc98",
        oldNames: ["nx"],
        description: "NEC PC-98: text VRAM at A0000h/A2000h (GDC 60h/62h), 8251 keyboard, 1 MB floppy interface (90h-94h), 1.23M diskettes of 1024-byte sectors",
        board: PlatformBoard.Pc98,
        memoryStepKib: 128,
        biosResourceName: "Concord.Monitor.Profiles.bios98.bin",
        textMemoryAddress: Pc98TextVideo.TextBase,
        textMemorySize: Pc98TextVideo.TextMemorySize,
        videoPorts: [new PortRange(Pc98TextVideo.StatusParameterPort, 1), new PortRange(Pc98TextVideo.CommandDataPort, 1)],
        defaultDriveType: FloppyDriveType.Drive1200K,
        nativeMedium: FloppyGeometry.Floppy1232K,
        createVideo: static (memory, clock) =>
        {
            var video = new Pc98TextVideo(memory, clock);
            return (video, video.Snapshot);
        })
    {
        KeyboardBiosVector = 0x18,
    };
    // No InvalidOpcodeStop: on a PC-98, INT 06h is the STOP key's, so our PC-98 BIOS has no stop
    // stub there and the monitor stops the VM at an invalid opcode itself.

    private const uint ConcordBiosInvalidOpcodeStop = BiosAddress + 0xEFC0;

    /// <summary>Every profile, by name.</summary>
    public static IReadOnlyList<PlatformProfile> All { get; } = [At, Pc98];

    /// <summary>The names a machine file or command line may give: "at, pc98" (old names are not listed but found).</summary>
    public static string ValidNames => string.Join(", ", All.Select(p => p.Name));

    /// <summary>The least conventional memory a VM may have, in KiB: one step, at least 64.</summary>
    public int MinMemoryKib => Math.Max(64, MemoryStepKib);

    /// <summary>
    /// The unit of a VM's memory size, in KiB: whole 4 KiB pages (the unit of every memory map) on the
    /// AT; 128 KiB on the PC-98, whose BIOS reports memory in that unit (0000:0501h bits 0-2).
    /// </summary>
    public int MemoryStepKib { get; }

    /// <summary>The most conventional memory a VM of this profile may have, in KiB: up to its video memory (A0000h on both).</summary>
    public int MaxMemoryKib => 640;

    /// <summary>Where every profile's ROM is mapped (64 KiB, F0000h-FFFFFh).</summary>
    public const uint BiosAddress = 0xF0000;
    public const int BiosSize = 0x10000;

    /// <summary>
    /// The physical address of the HLT the BIOS's INT 06h (invalid opcode) leads to when the OS
    /// installed no handler of its own (F000:EFC0 in firmware/bios/bios.asm, both profiles): the
    /// monitor registers it as a stub and stops the VM there with "invalid opcode".
    /// </summary>
    public uint? InvalidOpcodeStop { get; private init; }

    /// <summary>
    /// The BIOS's keyboard service (INT 16h on the PC/AT, INT 18h on the PC-98; AH=00h reads a key
    /// and waits): an OS that waits for a key there with no INT 21h installed is no DOS the gates can ask.
    /// </summary>
    public byte KeyboardBiosVector { get; private init; } = 0x16;

    private readonly Func<MemoryMap, IClock, (IPortDevice Device, Func<TextScreen> Snapshot)> _createVideo;

    private PlatformProfile(string name, IReadOnlyList<string> oldNames, string description, PlatformBoard board, int memoryStepKib,
        string biosResourceName, uint textMemoryAddress, int textMemorySize,
        IReadOnlyList<PortRange> videoPorts, FloppyDriveType defaultDriveType, FloppyGeometry nativeMedium,
        Func<MemoryMap, IClock, (IPortDevice, Func<TextScreen>)> createVideo)
    {
        Name = name;
        OldNames = oldNames;
        Description = description;
        Board = board;
        MemoryStepKib = memoryStepKib;
        BiosResourceName = biosResourceName;
        TextMemoryAddress = textMemoryAddress;
        TextMemorySize = textMemorySize;
        VideoPorts = videoPorts;
        DefaultDriveType = defaultDriveType;
        NativeMedium = nativeMedium;
        _createVideo = createVideo;
    }

    /// <summary>"at" or "pc98", as machine files and the command line spell it.</summary>
    public string Name { get; }

    /// <summary>Names the profile had before, which still find it ("nx" for pc98).</summary>
    public IReadOnlyList<string> OldNames { get; }

    /// <summary>The chips of its VMs and where they answer.</summary>
    public PlatformBoard Board { get; }

    public string Description { get; }

    /// <summary>The BIOS image's manifest resource name in Concord.Monitor (see <see cref="LoadBios"/>).</summary>
    public string BiosResourceName { get; }

    /// <summary>Where the text memory is mapped (as RAM: the guest writes it directly).</summary>
    public uint TextMemoryAddress { get; }

    public int TextMemorySize { get; }

    /// <summary>The ports of the video device (<see cref="PlatformVideo.Ports"/>).</summary>
    public IReadOnlyList<PortRange> VideoPorts { get; }

    /// <summary>The drive type (CMOS 10h) for a drive given no type and no diskette.</summary>
    public FloppyDriveType DefaultDriveType { get; }

    /// <summary>The profile's own diskette format (for new blank images).</summary>
    public FloppyGeometry NativeMedium { get; }

    /// <summary>A new video device for one VM, over that VM's memory and clock.</summary>
    public PlatformVideo CreateVideo(MemoryMap memory, IClock clock)
    {
        ArgumentNullException.ThrowIfNull(memory);
        ArgumentNullException.ThrowIfNull(clock);
        var (device, snapshot) = _createVideo(memory, clock);
        return new PlatformVideo(device, VideoPorts, snapshot);
    }

    /// <summary>A fresh copy of the profile's BIOS image (64 KiB, for <see cref="BiosAddress"/>).</summary>
    public byte[] LoadBios()
    {
        using Stream stream = typeof(PlatformProfile).Assembly.GetManifestResourceStream(BiosResourceName)
            ?? throw new InvalidOperationException($"the {Name} BIOS resource {BiosResourceName} is missing from Concord.Monitor; rebuild it (firmware/build.sh, then dotnet build)");
        if (stream.Length != BiosSize)
            throw new InvalidOperationException($"the embedded {Name} BIOS {BiosResourceName} is {stream.Length} bytes; it must be {BiosSize} (run firmware/build.sh)");
        var image = new byte[BiosSize];
        stream.ReadExactly(image);
        return image;
    }

    /// <summary>The profile called <paramref name="name"/> (case-insensitive), or null.</summary>
    public static PlatformProfile? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)
            || p.OldNames.Any(old => string.Equals(old, name, StringComparison.OrdinalIgnoreCase)));

    /// <summary>The profile called <paramref name="name"/>; throws <see cref="ArgumentException"/> listing the valid names.</summary>
    public static PlatformProfile FromName(string name) =>
        Find(name) ?? throw new ArgumentException($"unknown platform profile '{name}'; valid: {ValidNames}", nameof(name));

    public override string ToString() => Name;
}
