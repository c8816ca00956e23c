namespace Concord.TestSupport;

/// <summary>A temporary folder for one test's files, deleted at the end.</summary>
public sealed class TempFiles : IDisposable
{
    public TempFiles()
    {
        Folder = Path.Combine(Path.GetTempPath(), "concord-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string Folder { get; }

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// Makes a named pipe (a FIFO) in the folder with the system's <c>mkfifo</c>; null where there is
    /// none (the caller skips its test).
    /// </summary>
    public string? MakeFifo(string name)
    {
        string path = Path.Combine(Folder, name);
        try
        {
            using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("mkfifo", [path])
            {
                RedirectStandardError = true,
            });
            if (process is null) return null;
            process.WaitForExit();
            return process.ExitCode == 0 ? path : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
