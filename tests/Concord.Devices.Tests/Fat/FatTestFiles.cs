namespace Concord.Devices.Tests.Fat;

/// <summary>A temporary folder for one test class's files.</summary>
public sealed class FatTestFiles : IDisposable
{
    public FatTestFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "concord-fat-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string PathOf(string name) => Path.Combine(Folder, name);

    public string Write(string name, byte[] bytes)
    {
        string path = PathOf(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Bytes that differ from position to position, so a misplaced cluster shows.</summary>
    public static byte[] Pattern(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
