using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text;
using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;

namespace Concord.Cli.Commands;

/// <summary>
/// <c>concord disk</c>: FAT12 diskette images from the host, without booting anything. <c>create</c>
/// formats a new image; <c>ls</c>, <c>get</c> read; <c>put</c>, <c>rm</c>, <c>mkdir</c>, <c>rmdir</c>
/// change an image in place.
/// </summary>
/// <remarks>
/// Exit status: 0 done; 2 bad input (usage, a missing or unusable image or host file, a volume that is
/// not FAT12, a name that is not 8.3, a DOS file that is not there); 1 a valid request the image
/// refuses (disk or root directory full, the image held by a running machine, an existing image or
/// directory, a read-only file or image, a host write error). Every error is one line on standard error.
/// A change is made in memory first and only the sectors it changed are written back, under the
/// image's exclusive lock; a refused change leaves the file as it was (see <see cref="FatVolume"/>).
/// </remarks>
internal static class DiskCommand
{
    public const string Name = "disk";

    /// <summary>Bad input: the same status every <c>concord</c> command gives for it.</summary>
    public const int BadInput = 2;

    /// <summary>The image or the volume refused a valid request.</summary>
    public const int Refused = 1;

    private const string DefaultFormat = "1.44M";

    public static Command Build(CliConsole console)
    {
        var command = new Command(Name,
            "Make and change FAT12 diskette images: create, ls, put, get, rm, mkdir, rmdir. Paths on the diskette are 8.3 names " +
            "separated by \\ or /. Exit status: 0 done, 2 bad input, 1 refused (disk full, image in use by a running machine, ...).");
        command.Subcommands.Add(BuildCreate(console));
        command.Subcommands.Add(BuildList(console));
        command.Subcommands.Add(BuildPut(console));
        command.Subcommands.Add(BuildGet(console));
        command.Subcommands.Add(BuildChange(console, "rm", "Delete a file", (v, p) => v.DeleteFile(p)));
        command.Subcommands.Add(BuildChange(console, "mkdir", "Make a directory", (v, p) => v.CreateDirectory(p)));
        command.Subcommands.Add(BuildChange(console, "rmdir", "Remove an empty directory", (v, p) => v.RemoveDirectory(p)));
        command.SetAction(_ =>
        {
            console.Error($"{Name}: no subcommand given; valid subcommands: {string.Join(", ", command.Subcommands.Select(c => c.Name))} (see '{ConcordCli.Name} {Name} --help')");
            return BadInput;
        });
        return command;
    }

    // ---------------------------------------------------------------- subcommands

    private static Command BuildCreate(CliConsole console)
    {
        var image = ImageArgument("The image file to create (it must not exist)");
        var format = new Option<FloppyGeometry>("--format")
        {
            Description = $"Diskette format: {ValidFormats} (default {DefaultFormat}; 1.23M is the PC-98 2HD format of the pc98 profile)",
            HelpName = "FORMAT",
            CustomParser = ParseFormat,
            DefaultValueFactory = _ => FloppyGeometry.Floppy1440K,
        };
        var label = new Option<string?>("--label") { Description = "Volume label, up to 11 characters", HelpName = "NAME" };
        var time = TimeOption("The time of the label entry and the source of the serial number (default: now)");
        var command = new UsageCommand("create", "Create a new image holding an empty FAT12 volume", "create IMAGE [--format FORMAT] [--label NAME]") { image, format, label, time };
        command.SetAction(parse => Guard(console, "create", () =>
        {
            string path = Required(parse.GetValue(image), "IMAGE", command);
            string? name = parse.GetValue(label);
            if (name is not null && FatName.LabelProblem(name) is { } problem) throw new DiskUsageException(problem);
            if (File.Exists(path) || Directory.Exists(path))
                throw new DiskRefusedException($"'{path}' exists already; 'disk create' never overwrites (delete it first, or use 'disk rm' to change its files)");
            FloppyGeometry geometry = parse.GetValue(format);
            byte[] bytes = FatVolume.CreateImage(geometry, new FatFormatOptions { Label = name, Timestamp = parse.GetValue(time) });
            WriteNewFile(path, bytes);
            console.Out.WriteLine($"created '{path}': {geometry}, FAT12, {FatVolume.Open(bytes).FreeBytes} bytes free");
            return 0;
        }));
        return command;
    }

    private static Command BuildList(CliConsole console)
    {
        var image = ImageArgument("The image to list");
        var path = new Argument<string?>("PATH") { Description = "A directory or file on the diskette (default: the root)", Arity = ArgumentArity.ZeroOrOne };
        var command = new UsageCommand("ls", "List a directory of the diskette: names, sizes, dates, attributes and the free space", "ls IMAGE [PATH]") { image, path };
        command.SetAction(parse => Guard(console, "ls", () =>
        {
            string imagePath = Required(parse.GetValue(image), "IMAGE", command);
            using FloppyImage file = OpenImage(imagePath, readOnly: true);
            var volume = FatVolume.Open(file);
            console.Out.Write(DiskListing.Format(volume, parse.GetValue(path) ?? ""));
            return 0;
        }));
        return command;
    }

    private static Command BuildPut(CliConsole console)
    {
        var image = ImageArgument("The image to change");
        var host = new Argument<string>("HOSTFILE") { Description = "The host file to copy", Arity = ArgumentArity.ExactlyOne };
        var target = new Argument<string?>("DOSPATH")
        {
            Description = "Where on the diskette: a file name, or a directory to put it in (default: the host file's name in the root)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var time = TimeOption("The file's date and time on the diskette (default: the host file's modification time)");
        var command = new UsageCommand("put", "Copy a host file onto the diskette, replacing a file of the same name", "put IMAGE HOSTFILE [DOSPATH]") { image, host, target, time };
        command.SetAction(parse => Guard(console, "put", () =>
        {
            string imagePath = Required(parse.GetValue(image), "IMAGE", command);
            string hostPath = Required(parse.GetValue(host), "HOSTFILE", command);
            if (Directory.Exists(hostPath)) throw new DiskUsageException($"host file '{hostPath}' is a folder; give a file");
            if (!File.Exists(hostPath)) throw new DiskUsageException($"host file '{hostPath}' does not exist");
            string hostName = Path.GetFileName(hostPath);

            using FloppyImage file = OpenImage(imagePath, readOnly: false);
            var volume = FatVolume.Open(file);
            string dosPath = parse.GetValue(target) ?? "";
            if (dosPath.Length == 0 || dosPath.EndsWith('\\') || dosPath.EndsWith('/') || volume.IsDirectory(dosPath))
            {
                if (FatName.Problem(hostName) is { } problem)
                    throw new DiskUsageException($"the host file's name is not an 8.3 name: {problem}; give the DOS name after HOSTFILE, e.g. '{ConcordCli.Name} {Name} put IMAGE {hostPath} NAME.EXT'");
                dosPath = dosPath.TrimEnd('\\', '/') + "\\" + hostName;
            }

            long length = FloppyImage.FileLength(hostPath);
            if (length > volume.TotalBytes)
                throw new FatException(imagePath, FatError.DiskFull, $"disk full: '{hostPath}' is {length} bytes, more than the whole diskette holds ({volume.TotalBytes} bytes; {volume.FreeBytes} bytes are free)");
            byte[] content = ReadHostFile(hostPath);
            DateTime when = parse.GetValue(time) ?? File.GetLastWriteTime(hostPath);
            FatDirectoryEntry entry = volume.WriteFile(dosPath, content, when);
            console.Out.WriteLine($"{entry.Name}: {entry.Size} bytes; {volume.FreeBytes} bytes free");
            return 0;
        }));
        return command;
    }

    private static Command BuildGet(CliConsole console)
    {
        var image = ImageArgument("The image to read");
        var source = new Argument<string>("DOSPATH") { Description = "The file on the diskette", Arity = ArgumentArity.ExactlyOne };
        var host = new Argument<string?>("HOSTFILE")
        {
            Description = "Where to write it: a host file (replaced if it exists), a folder, or - for standard output (default: its DOS name in the current folder)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new UsageCommand("get", "Copy a file from the diskette to the host", "get IMAGE DOSPATH [HOSTFILE|-]") { image, source, host };
        command.SetAction(parse => Guard(console, "get", () =>
        {
            string imagePath = Required(parse.GetValue(image), "IMAGE", command);
            string dosPath = Required(parse.GetValue(source), "DOSPATH", command);
            byte[] content;
            FatDirectoryEntry entry;
            using (FloppyImage file = OpenImage(imagePath, readOnly: true))
            {
                var volume = FatVolume.Open(file);
                content = volume.ReadFile(dosPath);
                entry = volume.Find(dosPath)!;
            }

            string destination = parse.GetValue(host) ?? entry.Name;
            if (destination == "-")
            {
                if (console.GuestOutput is { } raw) raw.Write(content);
                else console.Out.Write(Encoding.Latin1.GetString(content));
                return 0;
            }
            if (Directory.Exists(destination)) destination = Path.Combine(destination, entry.Name);
            WriteHostFile(destination, content, entry.Modified);
            return 0;
        }));
        return command;
    }

    private static Command BuildChange(CliConsole console, string name, string description, Action<FatVolume, string> change)
    {
        var image = ImageArgument("The image to change");
        var path = new Argument<string>("DOSPATH") { Description = "The path on the diskette", Arity = ArgumentArity.ExactlyOne };
        var command = new UsageCommand(name, description, $"{name} IMAGE DOSPATH") { image, path };
        command.SetAction(parse => Guard(console, name, () =>
        {
            string imagePath = Required(parse.GetValue(image), "IMAGE", command);
            string dosPath = Required(parse.GetValue(path), "DOSPATH", command);
            using FloppyImage file = OpenImage(imagePath, readOnly: false);
            change(FatVolume.Open(file), dosPath);
            return 0;
        }));
        return command;
    }

    // ---------------------------------------------------------------- arguments

    private static string ValidFormats => string.Join(", ", FloppyGeometry.Standard.Select(g => g.Name));

    private static Argument<string> ImageArgument(string description) =>
        new("IMAGE") { Description = description, Arity = ArgumentArity.ExactlyOne };

    private static Option<DateTime?> TimeOption(string description) => new("--time")
    {
        Description = description + "; local time as YYYY-MM-DDTHH:MM:SS, 1980 to 2107",
        HelpName = "TIME",
        CustomParser = ParseTime,
    };

    // The parser reports a missing argument (UsageErrors gives the same message); an empty one is caught here.
    private static string Required(string? value, string what, UsageCommand command) =>
        string.IsNullOrEmpty(value)
            ? throw new DiskUsageException(UsageCommand.Missing(what, command))
            : value;

    private static FloppyGeometry ParseFormat(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        string wanted = text.ToUpperInvariant().Replace("KB", "K").Replace("MB", "M");
        foreach (FloppyGeometry g in FloppyGeometry.Standard)
        {
            if (wanted == g.Name.ToUpperInvariant() || wanted == $"{g.TotalBytes / 1024}K" || wanted == (g.TotalBytes / 1024).ToString(CultureInfo.InvariantCulture))
                return g;
        }
        result.AddError($"unknown format '{text}' for --format; valid formats: {ValidFormats}");
        return default;
    }

    private static DateTime? ParseTime(ArgumentResult result)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        string[] layouts = ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"];
        if (DateTime.TryParseExact(text, layouts, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime when)
            && when >= FatTimestamp.Earliest && when <= FatTimestamp.Latest.AddSeconds(1))
            return when;
        result.AddError($"--time '{text}' is not a date and time DOS can store; give e.g. 1994-03-01T12:00:00 (years 1980 to 2107)");
        return null;
    }

    // ---------------------------------------------------------------- host files and errors

    /// <summary>Opens an image for the volume, turning every way it can be unusable into one clear error.</summary>
    private static FloppyImage OpenImage(string path, bool readOnly)
    {
        if (Directory.Exists(path)) throw new DiskUsageException($"'{path}' is a folder, not a floppy image");
        if (!File.Exists(path)) throw new DiskUsageException($"floppy image '{path}' does not exist (make one with '{ConcordCli.Name} {Name} create {path}')");
        long size = FloppyImage.FileLength(path);
        if (FloppyGeometry.FromImageSize(size) is null)
            throw new DiskUsageException($"floppy image '{path}' is {size} bytes, which is no diskette format; valid sizes are {FloppyGeometry.ValidSizes}{FloppyGeometry.SizeHint(size)}");
        try
        {
            return FloppyImage.Open(path, readOnly);
        }
        catch (FloppyImageException e) when (e.InnerException is IOException and not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new DiskRefusedException($"floppy image '{path}' is in use by another process (a running machine?), so it cannot be {(readOnly ? "read" : "changed")} now; stop the machine first");
        }
    }

    private static byte[] ReadHostFile(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DiskUsageException($"host file '{path}' cannot be read: {e.Message}");
        }
    }

    private static void WriteHostFile(string path, byte[] content, DateTime? modified)
    {
        try
        {
            File.WriteAllBytes(path, content);
            if (modified is { } when) File.SetLastWriteTime(path, when);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DiskRefusedException($"host file '{path}' cannot be written: {e.Message}");
        }
    }

    /// <summary>Writes a new file completely or not at all: on a failure the partial file is removed.</summary>
    private static void WriteNewFile(string path, byte[] bytes)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
        catch (DirectoryNotFoundException)
        {
            throw new DiskUsageException($"cannot create '{path}': its folder does not exist");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DiskRefusedException($"cannot create '{path}': {e.Message}");
        }
        try
        {
            using (stream)
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (IOException e)
        {
            File.Delete(path);
            throw new DiskRefusedException($"cannot write '{path}': {e.Message}");
        }
    }

    /// <summary>Runs a subcommand, turning the errors a user can cause into one line and an exit status.</summary>
    private static int Guard(CliConsole console, string subcommand, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (DiskUsageException e)
        {
            console.Error($"{Name} {subcommand}: {e.Message}");
            return BadInput;
        }
        catch (DiskRefusedException e)
        {
            console.Error($"{Name} {subcommand}: {e.Message}");
            return Refused;
        }
        catch (FatException e)
        {
            console.Error($"{Name} {subcommand}: {e.Message}");
            return e.Error is FatError.NotFat12 or FatError.InvalidName or FatError.NotFound or FatError.WrongKind or FatError.Damaged
                ? BadInput
                : Refused;
        }
        catch (FloppyImageException e)
        {
            console.Error($"{Name} {subcommand}: {e.Message}");
            return BadInput;
        }
    }

    /// <summary>Bad input found while running a subcommand (exit status 2).</summary>
    private sealed class DiskUsageException(string message) : Exception(message);

    /// <summary>A valid request that cannot be done now (exit status 1).</summary>
    private sealed class DiskRefusedException(string message) : Exception(message);
}
