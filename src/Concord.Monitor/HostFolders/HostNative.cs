using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace Concord.Monitor.HostFolders;

/// <summary>
/// The two host facts .NET does not give: what kind of file a path is (a FIFO or a device looks
/// like an empty regular file to <see cref="FileInfo"/>, and opening a FIFO blocks), and a path
/// with every symbolic link resolved (to tell whether a link leads out of a mounted folder).
/// </summary>
internal static partial class HostNative
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x0001;
    private const int StatxModeOffset = 28; // struct statx: mask, blksize (u32), attributes (u64), nlink, uid, gid (u32), mode (u16)
    private const int StatxSize = 256;
    private const int FileTypeMask = 0xF000;
    private const int TypeDirectory = 0x4000;
    private const int TypeRegular = 0x8000;

    /// <summary>What <paramref name="path"/> is, following symbolic links (a dangling or looping link is <see cref="HostFileKind.Missing"/>).</summary>
    public static HostFileKind Kind(string path)
    {
        if (OperatingSystem.IsLinux()) return LinuxKind(path);
        // Elsewhere .NET tells directories from files; special files are not told apart.
        if (Directory.Exists(path)) return HostFileKind.Directory;
        return File.Exists(path) ? HostFileKind.RegularFile : HostFileKind.Missing;
    }

    /// <summary>The path with every link and every <c>.</c> or <c>..</c> resolved, or null when it does not exist.</summary>
    public static string? RealPath(string path)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD()) return UnixRealPath(path);
        try
        {
            var info = new FileInfo(path);
            FileSystemInfo? target = info.LinkTarget is null ? null : info.ResolveLinkTarget(returnFinalTarget: true);
            string full = Path.GetFullPath(target?.FullName ?? path);
            return File.Exists(full) || Directory.Exists(full) ? full : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    [SupportedOSPlatform("linux")]
    private static unsafe HostFileKind LinuxKind(string path)
    {
        byte* buffer = stackalloc byte[StatxSize];
        // SAFETY: buffer holds StatxSize (256) bytes, the size of struct statx, which the call fills.
        if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0) return HostFileKind.Missing;
        int mode = *(ushort*)(buffer + StatxModeOffset) & FileTypeMask;
        return mode switch
        {
            TypeRegular => HostFileKind.RegularFile,
            TypeDirectory => HostFileKind.Directory,
            _ => HostFileKind.Special,
        };
    }

    /// <summary>Whether <paramref name="path"/> itself (not what it points to) is a symbolic link.</summary>
    public static bool IsLink(string path)
    {
        try { return new FileInfo(path).LinkTarget is not null; }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    private static string? UnixRealPath(string path)
    {
        nint resolved = RealPathNative(path, 0);
        if (resolved == 0) return null;
        try { return Marshal.PtrToStringUTF8(resolved); }
        finally { Free(resolved); }
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial nint RealPathNative(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);
}
