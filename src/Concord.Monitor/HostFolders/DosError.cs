namespace Concord.Monitor.HostFolders;

/// <summary>
/// The DOS error codes a host folder answers with (INT 21h AH=59h's extended errors, the codes a
/// network redirector returns in AX with CF set). <see cref="None"/> is success.
/// </summary>
public enum DosError : ushort
{
    None = 0x00,
    InvalidFunction = 0x01,
    FileNotFound = 0x02,
    PathNotFound = 0x03,
    TooManyOpenFiles = 0x04,
    /// <summary>What a read-only network drive answers to every change, and what DOS gives for a read-only file, a non-empty directory or a name in use.</summary>
    AccessDenied = 0x05,
    InvalidHandle = 0x06,
    InvalidAccessCode = 0x0C,
    /// <summary>Removing the directory that is some drive's current directory.</summary>
    CurrentDirectory = 0x10,
    NotSameDevice = 0x11,
    NoMoreFiles = 0x12,
    /// <summary>The host could not read or write (an I/O error of the host's own).</summary>
    GeneralFailure = 0x1F,
    /// <summary>Sharing violation: the host refused to open a file another program holds.</summary>
    SharingViolation = 0x20,
    /// <summary>The host's disk is full.</summary>
    DiskFull = 0x27,
    FileExists = 0x50,
}
