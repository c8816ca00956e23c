using Concord.Monitor.MachineFiles;

namespace Concord.Monitor.Tests.MachineFiles;

/// <summary>A temporary folder holding a machine file and its images, deleted at the end.</summary>
internal sealed class MachineFolder : IDisposable
{
    public const int Size144M = 1_474_560;
    public const int Size123M = 1_261_568;
    public const int Size720K = 737_280;

    public MachineFolder()
    {
        Folder = Path.Combine(Path.GetTempPath(), "concord-machine-files-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    /// <summary>Makes an image of <paramref name="size"/> zero bytes at a path relative to the folder; returns its full path.</summary>
    public string Image(string relativePath, long size)
    {
        string path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var stream = File.Create(path);
        stream.SetLength(size);
        return path;
    }

    /// <summary>Writes a machine file (relative to the folder) and loads it.</summary>
    public MachineFileResult Load(string toml, string relativePath = "demo.toml")
    {
        string path = Path.Combine(Folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, toml);
        return MachineFile.Load(path);
    }

    /// <summary>The errors as printed, with the folder left out of every path ("demo.toml:3:8: ...").</summary>
    public IReadOnlyList<string> Messages(MachineFileResult result)
    {
        Assert.False(result.IsValid, "the file was expected to be invalid");
        Assert.Null(result.Spec);
        return [.. result.Errors.Select(e => e.ToString().Replace(Folder + Path.DirectorySeparatorChar, "", StringComparison.Ordinal))];
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
