using System.Text;
using Concord.Devices.Floppy.Fat;
using Concord.Monitor.HostFolders;

namespace Concord.Monitor.Tests.HostFolders;

/// <summary>
/// A host folder served as a DOS drive, called as the redirector calls it: names, aliases, every
/// file operation, the DOS error codes, live changes, read-only mounts and commits.
/// </summary>
public sealed class HostFolderTests : IDisposable
{
    private readonly TempFiles _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Root => _temp.Folder;

    private string Put(string relative, string text)
    {
        string path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private static List<string> Dir(HostFolder folder, string pattern = "\\*.*", FatAttributes search = FatAttributes.Directory)
    {
        var names = new List<string>();
        DosError error = folder.FindFirst(pattern, search, out FoundEntry found);
        byte[] template = DosName.ParsePattern(pattern[(pattern.LastIndexOf('\\') + 1)..])!;
        while (error == DosError.None)
        {
            names.Add(found.Entry.DosName);
            error = folder.FindNext(found.Next, template, search, out found);
        }
        Assert.Equal(DosError.NoMoreFiles, error);
        return names;
    }

    private static string ReadAll(HostFolder folder, string dosPath)
    {
        Assert.Equal(DosError.None, folder.Open(dosPath, DosOpenAccess.Read, out HostFileHandle? handle));
        var buffer = new byte[(int)handle!.Length];
        Assert.Equal(DosError.None, folder.Read(handle, 0, buffer, out int read));
        Assert.Equal(DosError.None, folder.Close(handle, null));
        return Encoding.Latin1.GetString(buffer, 0, read);
    }

    [Fact]
    public void Host_names_that_are_8_3_show_in_upper_case_and_open_whatever_case_DOS_uses()
    {
        Put("readme.txt", "lower");
        Put("Sub/Notes.Md", "notes");
        using var folder = new HostFolder(Root, readOnly: false);

        Assert.Equal(["README.TXT", "SUB"], Dir(folder));
        Assert.Equal("lower", ReadAll(folder, "\\README.TXT"));
        Assert.Equal("lower", ReadAll(folder, "\\readme.txt"));
        Assert.Equal([".", "..", "NOTES.MD"], Dir(folder, "\\SUB\\*.*"));
        Assert.Equal("notes", ReadAll(folder, "\\sub\\notes.md"));
    }

    [Fact]
    public void Names_differing_only_in_case_get_the_name_for_the_upper_case_one_and_an_alias_for_the_other()
    {
        Put("readme.txt", "lower");
        Put("README.TXT", "upper");
        using var folder = new HostFolder(Root, readOnly: false);

        List<string> names = Dir(folder);
        Assert.Equal(2, names.Count);
        Assert.Contains("README.TXT", names);
        string alias = Assert.Single(names, n => n != "README.TXT");
        Assert.Matches(@"^READ~[0-9A-Z]{3}\.TXT$", alias);
        Assert.Equal("upper", ReadAll(folder, "\\README.TXT"));
        Assert.Equal("lower", ReadAll(folder, "\\" + alias));
    }

    [Fact]
    public void Colliding_long_names_get_distinct_deterministic_8_3_aliases()
    {
        string[] longNames = ["Long File Name One.text", "Long File Name Two.text", "long file name one.TEXT", "Longer & stranger name.text"];
        foreach (string name in longNames) Put(name, name);
        using var folder = new HostFolder(Root, readOnly: false);

        List<string> first = Dir(folder);
        Assert.Equal(longNames.Length, first.Distinct().Count());
        foreach (string alias in first)
        {
            Assert.Matches(@"^[A-Z0-9_]{1,4}~[0-9A-Z]{3}\.TEX$", alias);
            Assert.NotNull(DosName.Parse(alias));
        }
        // Each alias opens its own file, and a second reading (and a second mount) gives the same names.
        Assert.Equal(longNames.Order(StringComparer.Ordinal), first.Select(a => ReadAll(folder, "\\" + a)).Order(StringComparer.Ordinal));
        Assert.Equal(first, Dir(folder));
        using var again = new HostFolder(Root, readOnly: false);
        Assert.Equal(first, Dir(again));
    }

    [Fact]
    public void An_alias_depends_on_its_own_name_not_on_the_other_files()
    {
        Put("Quarterly report.text", "q");
        using var folder = new HostFolder(Root, readOnly: false);
        string before = Assert.Single(Dir(folder));
        Put("Quarterly summary.text", "s");
        Put("Another long name.text", "a");
        Assert.Contains(before, Dir(folder));
        Assert.Equal("q", ReadAll(folder, "\\" + before));
    }

    [Fact]
    public void Names_DOS_does_not_allow_are_shown_under_aliases_and_dot_files_are_hidden()
    {
        Put("a+b.txt", "plus");
        Put("x y.txt", "space");
        Put("con.txt", "device name");
        Put("nul", "device");
        Put("caf\u00e9 \u00fcber.txt", "unicode");
        Put(".profile", "dot");
        Put("trailing.", "dot at the end");
        using var folder = new HostFolder(Root, readOnly: false);

        List<string> visible = Dir(folder);
        Assert.Equal(6, visible.Count);
        Assert.DoesNotContain("CON.TXT", visible);
        Assert.DoesNotContain("NUL", visible);
        Assert.All(visible, n => Assert.Contains('~', n));
        List<string> all = Dir(folder, "\\*.*", FatAttributes.Hidden | FatAttributes.Directory);
        Assert.Equal(7, all.Count);
        string hidden = Assert.Single(all.Except(visible));
        Assert.Equal("dot", ReadAll(folder, "\\" + hidden));
        Assert.Equal(DosError.None, folder.GetEntry("\\" + hidden, out HostEntry? entry));
        Assert.True((entry!.Attributes & FatAttributes.Hidden) != 0);
    }

    [Fact]
    public void An_8_3_name_with_code_page_437_letters_keeps_its_name()
    {
        Put("\u00e9t\u00e9.txt", "summer");
        using var folder = new HostFolder(Root, readOnly: false);
        string name = Assert.Single(Dir(folder));
        Assert.Equal("\u00c9T\u00c9.TXT", name); // CP437 90h T 90h
        Assert.Equal("summer", ReadAll(folder, "\\\u00c9T\u00c9.TXT"));
    }

    [Fact]
    public void Dot_dot_and_malformed_paths_are_refused()
    {
        string outside = Path.Combine(Path.GetDirectoryName(Root)!, "outside-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(outside, "secret");
        try
        {
            Put("sub/inner.txt", "inner");
            using var folder = new HostFolder(Root, readOnly: false);
            string outsideName = Path.GetFileName(outside);
            foreach (string path in new[] { "\\..\\" + outsideName, "\\SUB\\..\\..\\X.TXT", "\\.\\SUB\\INNER.TXT", "\\SUB\\\\INNER.TXT", "SUB\\INNER.TXT", "\\SUB/INNER.TXT", "\\A+B\\C.TXT" })
            {
                Assert.NotEqual(DosError.None, folder.Open(path, DosOpenAccess.Read, out _));
                Assert.NotEqual(DosError.None, folder.GetEntry(path, out _));
            }
            Assert.Equal(DosError.PathNotFound, folder.Open("\\..\\X.TXT", DosOpenAccess.Read, out _));
            Assert.Equal(DosError.PathNotFound, folder.ExtendedOpen("\\..\\EVIL.TXT", DosOpenAction.CreateIfMissing, DosOpenAccess.ReadWrite, 0, out _, out _));
            Assert.Equal(DosError.PathNotFound, folder.MakeDirectory("\\..\\EVIL"));
            Assert.Equal(DosError.PathNotFound, folder.Rename("\\SUB\\INNER.TXT", "\\..\\STOLEN.TXT"));
            Assert.Equal("secret", File.ReadAllText(outside));
            Assert.Equal(["inner.txt"], Directory.GetFiles(Path.Combine(Root, "sub")).Select(Path.GetFileName));
        }
        finally { File.Delete(outside); }
    }

    [Fact]
    public void Over_long_paths_are_refused()
    {
        string deep = "\\" + string.Join("\\", Enumerable.Repeat("ABCDEFGH", 14)) + "\\X.TXT";
        using var folder = new HostFolder(Root, readOnly: false);
        Assert.True(deep.Length > HostFolder.MostPathLength);
        Assert.Equal(DosError.PathNotFound, folder.GetEntry(deep, out _));
        Assert.Equal(DosError.PathNotFound, folder.MakeDirectory(deep));
    }

    [Fact]
    public void Links_that_lead_outside_are_never_followed_and_links_inside_are()
    {
        string outsideDir = Path.Combine(Path.GetTempPath(), "concord-outside-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outsideDir);
        try
        {
            File.WriteAllText(Path.Combine(outsideDir, "SECRET.TXT"), "secret");
            Put("REAL.TXT", "real");
            Directory.CreateDirectory(Path.Combine(Root, "INSIDE"));
            File.CreateSymbolicLink(Path.Combine(Root, "OUTFILE.TXT"), Path.Combine(outsideDir, "SECRET.TXT"));
            Directory.CreateSymbolicLink(Path.Combine(Root, "OUTDIR"), outsideDir);
            Directory.CreateSymbolicLink(Path.Combine(Root, "UPDIR"), "..");
            File.CreateSymbolicLink(Path.Combine(Root, "DANGLING.TXT"), Path.Combine(Root, "nothing-here"));
            File.CreateSymbolicLink(Path.Combine(Root, "INLINK.TXT"), "REAL.TXT");
            Directory.CreateSymbolicLink(Path.Combine(Root, "INDIR"), "INSIDE");
            using var folder = new HostFolder(Root, readOnly: false);

            Assert.Equal(["INDIR", "INLINK.TXT", "INSIDE", "REAL.TXT"], Dir(folder));
            Assert.Equal("real", ReadAll(folder, "\\INLINK.TXT"));
            Assert.Equal(DosError.FileNotFound, folder.Open("\\OUTFILE.TXT", DosOpenAccess.Read, out _));
            Assert.Equal(DosError.PathNotFound, folder.Open("\\OUTDIR\\SECRET.TXT", DosOpenAccess.Read, out _));
            Assert.Equal(DosError.PathNotFound, folder.ChangeDirectory("\\OUTDIR"));
            Assert.Equal(DosError.PathNotFound, folder.FindFirst("\\UPDIR\\*.*", FatAttributes.Directory, out _));
            Assert.Equal(DosError.FileNotFound, folder.Open("\\DANGLING.TXT", DosOpenAccess.Read, out _));
            // Writing through a name that a hidden link holds is refused, not followed.
            Assert.Equal(DosError.AccessDenied, folder.Create("\\OUTFILE.TXT", 0, out _));
            Assert.Equal(DosError.AccessDenied, folder.MakeDirectory("\\OUTDIR"));
            Assert.Equal(DosError.FileNotFound, folder.Delete("\\OUTFILE.TXT"));
            Assert.Equal("secret", File.ReadAllText(Path.Combine(outsideDir, "SECRET.TXT")));
            // A write through a link inside reaches the file it points to and leaves the link a link.
            Assert.Equal(DosError.None, folder.Open("\\INLINK.TXT", DosOpenAccess.ReadWrite, out HostFileHandle? h));
            Assert.Equal(DosError.None, folder.Write(h!, 0, "REAL"u8));
            Assert.Equal(DosError.None, folder.Close(h!, null));
            Assert.Equal("REAL", File.ReadAllText(Path.Combine(Root, "REAL.TXT")));
            Assert.NotNull(new FileInfo(Path.Combine(Root, "INLINK.TXT")).LinkTarget);
        }
        finally { Directory.Delete(outsideDir, recursive: true); }
    }

    [Fact]
    public void Fifos_and_devices_are_never_served()
    {
        if (!OperatingSystem.IsLinux()) Assert.Skip("FIFOs and device links are checked on Linux");
        Put("FILE.TXT", "file");
        string fifo = Path.Combine(Root, "PIPE");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo)) mkfifo.WaitForExit();
        Assert.True(File.Exists(fifo), "mkfifo made no FIFO");
        File.CreateSymbolicLink(Path.Combine(Root, "NULLDEV"), "/dev/null");
        using var folder = new HostFolder(Root, readOnly: false);

        Assert.Equal(["FILE.TXT"], Dir(folder));
        Assert.NotEqual(DosError.None, folder.Open("\\PIPE", DosOpenAccess.Read, out _)); // would block if it were opened
        Assert.NotEqual(DosError.None, folder.Open("\\NULLDEV", DosOpenAccess.Read, out _));
    }

    [Fact]
    public void DOS_cannot_create_device_names_or_names_it_does_not_allow()
    {
        using var folder = new HostFolder(Root, readOnly: false);
        foreach (string name in new[] { "\\CON", "\\NUL.TXT", "\\COM1", "\\LPT1.DAT", "\\CLOCK$", "\\A+B.TXT", "\\TOOLONGNAME.TXT", "\\X.TEXT", "\\A.B.C", "\\?.TXT", "\\*" })
            Assert.NotEqual(DosError.None, folder.Create(name, 0, out _));
        Assert.Empty(Directory.GetFileSystemEntries(Root));
    }

    [Fact]
    public void A_change_on_the_host_shows_at_the_next_search_without_a_rescan()
    {
        Put("ONE.TXT", "1");
        using var folder = new HostFolder(Root, readOnly: false);
        Assert.Equal(["ONE.TXT"], Dir(folder));
        Put("two.txt", "2");
        File.Delete(Path.Combine(Root, "ONE.TXT"));
        Assert.Equal(["TWO.TXT"], Dir(folder));
        File.WriteAllText(Path.Combine(Root, "two.txt"), "changed on the host");
        Assert.Equal(DosError.None, folder.FindFirst("\\TWO.TXT", 0, out FoundEntry found));
        Assert.Equal((uint)"changed on the host".Length, found.Entry.Size);
        Assert.Equal("changed on the host", ReadAll(folder, "\\TWO.TXT"));
    }

    [Fact]
    public void Searches_follow_DOS_attribute_rules()
    {
        Put("FILE.TXT", "f");
        Put(".hidden", "h");
        Directory.CreateDirectory(Path.Combine(Root, "DIR"));
        using var folder = new HostFolder(Root, readOnly: false);

        Assert.Equal(["FILE.TXT"], Dir(folder, "\\*.*", 0));
        Assert.Equal(["DIR", "FILE.TXT"], Dir(folder, "\\*.*", FatAttributes.Directory));
        Assert.Equal(3, Dir(folder, "\\*.*", FatAttributes.Directory | FatAttributes.Hidden).Count);
        Assert.Equal(["FILE.TXT"], Dir(folder, "\\F?LE.*", 0));
        Assert.Equal(DosError.NoMoreFiles, folder.FindFirst("\\*.*", FatAttributes.VolumeLabel, out _));
        Assert.Equal(DosError.NoMoreFiles, folder.FindFirst("\\*.BAK", 0, out _));
        Assert.Equal(DosError.PathNotFound, folder.FindFirst("\\NODIR\\*.*", 0, out _));
        // A stale search block (its slot reused since) ends with no more files, not with another search's entries.
        Assert.Equal(DosError.None, folder.FindFirst("\\*.*", FatAttributes.Directory, out FoundEntry first));
        for (int i = 0; i < SearchTable.Slots; i++) folder.FindFirst("\\*.*", 0, out _);
        Assert.Equal(DosError.NoMoreFiles, folder.FindNext(first.Next, DosName.ParsePattern("*.*"), FatAttributes.Directory, out _));
    }

    [Fact]
    public void Writes_reach_the_host_file_at_commit_or_close_and_never_half_written()
    {
        Put("DATA.TXT", "old content");
        using var folder = new HostFolder(Root, readOnly: false);
        Assert.Equal(DosError.None, folder.Open("\\DATA.TXT", DosOpenAccess.ReadWrite, out HostFileHandle? h));
        Assert.Equal(DosError.None, folder.Write(h!, 0, "NEW"u8));
        Assert.Equal(DosError.None, folder.Write(h!, 20, "tail"u8));
        Assert.Equal("old content", File.ReadAllText(Path.Combine(Root, "DATA.TXT")));
        Assert.Equal(24, h!.Length);
        Assert.Equal(["DATA.TXT"], Dir(folder, "\\*.*", FatAttributes.Hidden | FatAttributes.Directory)); // the copy is never shown

        Assert.Equal(DosError.None, folder.Commit(h));
        Assert.Equal("NEW content\0\0\0\0\0\0\0\0\0tail", File.ReadAllText(Path.Combine(Root, "DATA.TXT")));
        Assert.Equal(DosError.None, folder.SetLength(h, 3));
        Assert.Equal(11 + 13, new FileInfo(Path.Combine(Root, "DATA.TXT")).Length);
        var stamp = new DateTime(1994, 6, 7, 8, 9, 10);
        Assert.Equal(DosError.None, folder.Close(h, stamp));
        Assert.Equal("NEW", File.ReadAllText(Path.Combine(Root, "DATA.TXT")));
        Assert.Equal(stamp, File.GetLastWriteTime(Path.Combine(Root, "DATA.TXT")));
        Assert.Single(Directory.GetFileSystemEntries(Root));
    }

    [Fact]
    public void Changes_never_committed_are_dropped_when_the_machine_ends()
    {
        Put("KEEP.TXT", "as it was");
        var folder = new HostFolder(Root, readOnly: false);
        Assert.Equal(DosError.None, folder.Create("\\KEEP.TXT", 0, out HostFileHandle? h));
        Assert.Equal(DosError.None, folder.Write(h!, 0, "half"u8));
        folder.Dispose();
        Assert.Equal("as it was", File.ReadAllText(Path.Combine(Root, "KEEP.TXT")));
        Assert.Single(Directory.GetFileSystemEntries(Root));
    }

    [Fact]
    public void Two_opens_of_one_file_see_each_others_writes()
    {
        Put("SHARED.TXT", "abc");
        using var folder = new HostFolder(Root, readOnly: false);
        Assert.Equal(DosError.None, folder.Open("\\SHARED.TXT", DosOpenAccess.ReadWrite, out HostFileHandle? writer));
        Assert.Equal(DosError.None, folder.Open("\\shared.txt", DosOpenAccess.Read, out HostFileHandle? reader));
        Assert.Equal(DosError.None, folder.Write(writer!, 1, "X"u8));
        var buffer = new byte[3];
        Assert.Equal(DosError.None, folder.Read(reader!, 0, buffer, out int read));
        Assert.Equal("aXc", Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal(DosError.AccessDenied, folder.Write(reader!, 0, "no"u8));
        Assert.Equal(DosError.None, folder.Close(writer!, null));
        Assert.Equal(DosError.None, folder.Read(reader!, 0, buffer, out read));
        Assert.Equal("aXc", Encoding.ASCII.GetString(buffer, 0, read));
        Assert.Equal(DosError.None, folder.Close(reader!, null));
        Assert.Equal(DosError.InvalidHandle, folder.Close(reader!, null));
        Assert.Equal(0, folder.OpenFiles);
    }

    [Fact]
    public void Create_delete_rename_mkdir_and_rmdir_change_the_host_folder()
    {
        using var folder = new HostFolder(Root, readOnly: false);
        Assert.Equal(DosError.None, folder.Create("\\NEW.TXT", 0, out HostFileHandle? h));
        Assert.True(File.Exists(Path.Combine(Root, "NEW.TXT")));
        Assert.Equal(DosError.None, folder.Write(h!, 0, "hello"u8));
        Assert.Equal(DosError.None, folder.Close(h!, null));
        Assert.Equal(DosError.FileExists, folder.ExtendedOpen("\\NEW.TXT", DosOpenAction.CreateIfMissing, DosOpenAccess.ReadWrite, 0, out _, out _));
        Assert.Equal(DosError.None, folder.ExtendedOpen("\\NEW.TXT", DosOpenAction.OpenIfExists, DosOpenAccess.Read, 0, out h, out DosOpenResult result));
        Assert.Equal(DosOpenResult.Opened, result);
        Assert.Equal(DosError.None, folder.Close(h!, null));

        Assert.Equal(DosError.None, folder.MakeDirectory("\\SUB"));
        Assert.Equal(DosError.AccessDenied, folder.MakeDirectory("\\SUB"));
        Assert.Equal(DosError.None, folder.ChangeDirectory("\\SUB"));
        Assert.Equal(DosError.PathNotFound, folder.ChangeDirectory("\\NEW.TXT"));
        Assert.Equal(DosError.None, folder.Rename("\\NEW.TXT", "\\SUB\\MOVED.TXT"));
        Assert.Equal("hello", File.ReadAllText(Path.Combine(Root, "SUB", "MOVED.TXT")));
        Assert.Equal(DosError.AccessDenied, folder.RemoveDirectory("\\SUB"));
        Put("SUB/OTHER.TXT", "other");
        Assert.Equal(DosError.AccessDenied, folder.Rename("\\SUB\\MOVED.TXT", "\\SUB\\OTHER.TXT"));
        Assert.Equal(DosError.None, folder.Delete("\\SUB\\*.TXT"));
        Assert.Equal(DosError.FileNotFound, folder.Delete("\\SUB\\*.TXT"));
        Assert.Equal(DosError.None, folder.RemoveDirectory("\\SUB"));
        Assert.Empty(Directory.GetFileSystemEntries(Root));
        Assert.Equal(DosError.PathNotFound, folder.RemoveDirectory("\\SUB"));
    }

    [Fact]
    public void Wildcard_rename_keeps_the_characters_the_new_name_leaves_open()
    {
        Put("A1.TXT", "1");
        Put("A2.TXT", "2");
        Put("B1.DOC", "b");
        using var folder = new HostFolder(Root, readOnly: false);
        Assert.Equal(DosError.None, folder.Rename("\\A?.TXT", "\\???.BAK"));
        Assert.Equal(["A1.BAK", "A2.BAK", "B1.DOC"], Dir(folder));
    }

    [Fact]
    public void Read_only_files_refuse_writes_deletes_and_become_writable_again()
    {
        if (OperatingSystem.IsWindows()) Assert.Skip("read-only is the Unix write permission here");
        Put("LOCKED.TXT", "locked");
        using var folder = new HostFolder(Root, readOnly: false);
        Assert.Equal(DosError.None, folder.SetAttributes("\\LOCKED.TXT", FatAttributes.ReadOnly | FatAttributes.Archive));
        Assert.Equal(DosError.None, folder.GetEntry("\\LOCKED.TXT", out HostEntry? entry));
        Assert.Equal(FatAttributes.ReadOnly | FatAttributes.Archive, entry!.Attributes);
        Assert.Equal(DosError.AccessDenied, folder.Open("\\LOCKED.TXT", DosOpenAccess.Write, out _));
        Assert.Equal(DosError.AccessDenied, folder.Delete("\\LOCKED.TXT"));
        Assert.Equal(DosError.AccessDenied, folder.Create("\\LOCKED.TXT", 0, out _));
        Assert.Equal(DosError.AccessDenied, folder.SetAttributes("\\LOCKED.TXT", FatAttributes.Directory));
        Assert.Equal(DosError.None, folder.SetAttributes("\\LOCKED.TXT", FatAttributes.Archive));
        Assert.Equal(DosError.None, folder.Delete("\\LOCKED.TXT"));
    }

    [Fact]
    public void A_read_only_mount_refuses_every_change_with_access_denied()
    {
        Put("FILE.TXT", "data");
        Directory.CreateDirectory(Path.Combine(Root, "EMPTY"));
        using var folder = new HostFolder(Root, readOnly: true);

        Assert.Equal("data", ReadAll(folder, "\\FILE.TXT"));
        Assert.Equal(DosError.AccessDenied, folder.Open("\\FILE.TXT", DosOpenAccess.Write, out _));
        Assert.Equal(DosError.AccessDenied, folder.Open("\\FILE.TXT", DosOpenAccess.ReadWrite, out _));
        Assert.Equal(DosError.AccessDenied, folder.Create("\\FILE.TXT", 0, out _));
        Assert.Equal(DosError.AccessDenied, folder.Create("\\NEW.TXT", 0, out _));
        Assert.Equal(DosError.AccessDenied, folder.ExtendedOpen("\\NEW.TXT", DosOpenAction.CreateIfMissing, DosOpenAccess.ReadWrite, 0, out _, out _));
        Assert.Equal(DosError.AccessDenied, folder.Delete("\\FILE.TXT"));
        Assert.Equal(DosError.AccessDenied, folder.Rename("\\FILE.TXT", "\\OTHER.TXT"));
        Assert.Equal(DosError.AccessDenied, folder.MakeDirectory("\\NEWDIR"));
        Assert.Equal(DosError.AccessDenied, folder.RemoveDirectory("\\EMPTY"));
        Assert.Equal(DosError.AccessDenied, folder.SetAttributes("\\FILE.TXT", FatAttributes.ReadOnly));
        Assert.Equal(DosError.None, folder.Open("\\FILE.TXT", DosOpenAccess.Read, out HostFileHandle? h));
        Assert.Equal(DosError.AccessDenied, folder.Write(h!, 0, "x"u8));
        Assert.Equal(DosError.AccessDenied, folder.SetLength(h!, 0));
        Assert.Equal(DosError.None, folder.Close(h!, null));
        Assert.Equal("data", File.ReadAllText(Path.Combine(Root, "FILE.TXT")));
        Assert.Equal(["EMPTY", "FILE.TXT"], Dir(folder));
    }

    [Fact]
    public void A_missing_folder_or_a_file_cannot_be_mounted()
    {
        var missing = Assert.Throws<HostFolderException>(() => new HostFolder(Path.Combine(Root, "nothere"), false));
        Assert.Contains("does not exist", missing.Message);
        string file = Put("FILE.TXT", "x");
        Assert.Contains("is a file", Assert.Throws<HostFolderException>(() => new HostFolder(file, false)).Message);
    }

    [Theory]
    [InlineData(1_440_000L, 720_000L, 1, 2812, 1406)]
    [InlineData(100L * 1024 * 1024 * 1024, 50L * 1024 * 1024 * 1024, 64, 65535, 65535)]
    [InlineData(64L * 1024 * 1024, 4096, 4, 32768, 2)]
    public void Disk_space_fits_DOS_counts(long total, long free, int perCluster, int clusters, int freeClusters)
    {
        DiskSpace space = DiskSpace.Of(total, free);
        Assert.Equal((perCluster, 512, clusters, freeClusters), (space.SectorsPerCluster, space.BytesPerSector, space.TotalClusters, space.FreeClusters));
    }
}
