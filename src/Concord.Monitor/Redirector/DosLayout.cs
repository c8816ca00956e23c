namespace Concord.Monitor.Redirector;

/// <summary>
/// Where a DOS keeps what a network redirector reads and writes, by DOS version: offsets into the
/// List of Lists (INT 21h AH=52h), the current directory structure (CDS) and the swappable data
/// area (SDA, INT 21h AX=5D06h). Two layouts cover the DOSes that have a redirector interface:
/// DOS 3.1-3.3 and DOS 4 and later (MS-DOS, PC-DOS, FreeDOS, which reports 4 or later).
/// </summary>
/// <remarks>
/// Facts from Ralf Brown's Interrupt List (INT 21h AH=52h, AX=5D06h, INT 2Fh AX=11xxh) and
/// Schulman's "Undocumented DOS", as dosemu2's and EtherDFS's redirectors use them. The SFT fields
/// the redirector fills (handle count, open mode, attribute, device information, time, date, size,
/// position, name) are at the same offsets in both layouts, and so are the search block's.
/// </remarks>
public sealed record DosLayout
{
    /// <summary>List of Lists: the far pointer to the CDS array.</summary>
    public const int LolCds = 0x16;
    /// <summary>List of Lists: the number of CDS entries (LASTDRIVE).</summary>
    public const int LolLastDrive = 0x21;

    /// <summary>CDS: the current path, ASCIIZ, 67 bytes.</summary>
    public const int CdsPath = 0x00;
    public const int CdsPathBytes = 67;
    /// <summary>CDS: flags (8000h network, 4000h physical, 2000h joined, 1000h substituted).</summary>
    public const int CdsFlags = 0x43;
    /// <summary>CDS: the drive parameter block, a far pointer (none for a network drive).</summary>
    public const int CdsDpb = 0x45;
    /// <summary>CDS: the offset in the path of the backslash after the root ("X:\" → 2).</summary>
    public const int CdsRootLength = 0x4F;
    public const ushort CdsNetwork = 0x8000;
    public const ushort CdsPhysical = 0x4000;

    /// <summary>SDA: the current DTA, a far pointer.</summary>
    public const int SdaDta = 0x0C;

    /// <summary>SFT: handles referring to it.</summary>
    public const int SftCount = 0x00;
    public const int SftMode = 0x02;
    public const int SftAttribute = 0x04;
    /// <summary>SFT: device information (bit 15 remote, 14 date set, 6 not written, 0-5 drive).</summary>
    public const int SftDeviceInfo = 0x05;
    public const int SftDevice = 0x07;
    /// <summary>SFT: the start cluster, which a redirector uses for its own file id.</summary>
    public const int SftFileId = 0x0B;
    public const int SftTime = 0x0D;
    public const int SftDate = 0x0F;
    public const int SftSize = 0x11;
    public const int SftPosition = 0x15;
    /// <summary>SFT: the relative cluster, which the redirector uses for its check tag.</summary>
    public const int SftTag = 0x19;
    public const int SftDirectoryIndex = 0x1F;
    public const int SftName = 0x20;
    public const ushort SftRemote = 0x8000;
    public const ushort SftDateSet = 0x4000;
    public const ushort SftClean = 0x0040;

    /// <summary>The search block (21 bytes at the start of the DTA, and in the SDA), then the found entry (32 bytes).</summary>
    public const int SearchBlockBytes = 21;
    public const int FoundEntryBytes = 32;

    public static readonly DosLayout Dos3 = new()
    {
        Name = "DOS 3.1-3.3",
        CdsBytes = 0x51,
        SdaFirstName = 0x92,
        SdaSecondName = 0x112,
        SdaSearchBlock = 0x192,
        SdaSearchAttribute = 0x23A,
        SdaOpenMode = 0x23B,
        SdaCurrentCds = 0x26C,
    };

    public static readonly DosLayout Dos4 = new()
    {
        Name = "DOS 4+",
        CdsBytes = 0x58,
        SdaFirstName = 0x9E,
        SdaSecondName = 0x11E,
        SdaSearchBlock = 0x19E,
        SdaSearchAttribute = 0x24D,
        SdaOpenMode = 0x24E,
        SdaCurrentCds = 0x282,
        SdaExtendedAction = 0x2DD,
        SdaExtendedAttribute = 0x2DF,
        SdaExtendedMode = 0x2E1,
    };

    public required string Name { get; init; }

    /// <summary>Bytes per CDS entry.</summary>
    public required int CdsBytes { get; init; }

    /// <summary>SDA: the first filename buffer (the fully qualified name a call is about), 128 bytes.</summary>
    public required int SdaFirstName { get; init; }

    /// <summary>SDA: the second filename buffer (a rename's new name).</summary>
    public required int SdaSecondName { get; init; }

    /// <summary>SDA: the search block of the search in progress; the found entry follows it.</summary>
    public required int SdaSearchBlock { get; init; }

    public required int SdaSearchAttribute { get; init; }

    public required int SdaOpenMode { get; init; }

    /// <summary>SDA: the far pointer to the CDS of the drive a call is about.</summary>
    public required int SdaCurrentCds { get; init; }

    /// <summary>SDA (DOS 4+): the extended open's action, attributes and mode; null before DOS 4.</summary>
    public int? SdaExtendedAction { get; init; }

    public int? SdaExtendedAttribute { get; init; }

    public int? SdaExtendedMode { get; init; }

    /// <summary>SDA: the found entry, a directory entry right after the search block.</summary>
    public int SdaFoundEntry => SdaSearchBlock + SearchBlockBytes;

    /// <summary>The layout of DOS <paramref name="major"/>.<paramref name="minor"/>, or null when that DOS has no redirector interface (before 3.10).</summary>
    public static DosLayout? For(int major, int minor) => major switch
    {
        >= 4 => Dos4,
        3 when minor >= 10 => Dos3,
        _ => null,
    };
}
