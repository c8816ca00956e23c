using System.Text;
using CsCheck;
using Concord.Cli;

namespace Concord.Cli.Tests.Fuzz;

/// <summary>
/// Exit status 70 is for Concord's own bugs: an exception nothing caught ends the command with one
/// line saying so. Command lines made of the command's own words with good, bad and hostile values
/// never reach it: every one gets an answer or one line of bad input.
/// </summary>
[Collection(WorkingFolderCollection.Name)]
public sealed class CommandLineFuzzTests : IDisposable
{
    private readonly TempFiles _files = new();
    private readonly string[] _values;

    public CommandLineFuzzTests()
    {
        string image = Path.Combine(_files.Folder, "disk.img");
        Assert.Equal(0, CliRun.Invoke("disk", "create", image, "--time", "2024-01-02T03:04:05").Status);
        string hello = _files.Write("hello.img", BootSectors.Hello());
        string machine = _files.Write("m.toml", Encoding.UTF8.GetBytes("[[vm]]\nname = \"pc\"\nrole = \"parent\"\n\n[[drive]]\nname = \"d\"\nimage = \"hello.img\"\n"));
        string badMachine = _files.Write("bad.toml", Encoding.UTF8.GetBytes("[[vm]\nname = \"\\uD800\"\nx = [[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]\n"));
        string text = _files.Write("a.txt", "x"u8.ToArray());
        _values =
        [
            image, hello, machine, badMachine, text, _files.Folder, Path.Combine(_files.Folder, "missing.img"), "/dev/null", "",
            " ", "-", "--", "0", "-1", "1e309", "99999999999999999999", "0.0001", "nan", "A.TXT", "\\SUB\\..\\X", "CON", "a:b:c",
            "vm:", ":", "pc:A:\\>", "pc:\\xZZ", "\\x00", "\u001b[2J", "\uD800", "é", new string('A', 5000), "1.44M", "1.23M", "auto",
            "80286", "8086", "80386", "at", "nx", "virtual", "realtime", "2024-13-45T99:99:99", "1979-01-01",
        ];
    }

    public void Dispose() => _files.Dispose();

    private static readonly string[] Commands = ["run", "exec", "disk", "demo", "", "frobnicate", "--help", "--version"];

    private static readonly string[] DiskSubcommands = ["create", "ls", "put", "get", "rm", "mkdir", "rmdir", "", "format"];

    private static readonly string[] Options =
    [
        "--floppy", "--floppy-b", "--cpu", "--profile", "--clock", "--expect", "--send", "--screen", "--machine", "--trace",
        "--screen-dir", "--format", "--label", "--time", "--json", "--until-off", "--trace-ports", "--headless", "--bogus", "-x",
        "--mount", "--vm", "--",
    ];

    private Gen<string[]> CommandLines => Gen.Select(
        Gen.OneOf(Commands), Gen.OneOf(DiskSubcommands),
        Gen.Select(Gen.Int[0, 2], Gen.OneOf(Options), Gen.OneOf(_values)).Array[0, 6],
        (command, sub, parts) =>
        {
            var args = new List<string>();
            if (command.Length > 0) args.Add(command);
            if (command == "disk" && sub.Length > 0) args.Add(sub);
            foreach (var (kind, option, value) in parts)
            {
                if (kind != 1) args.Add(option);
                if (kind != 0) args.Add(value);
            }
            // Runs that would boot end within a fraction of a second; the demo runs only with bad input.
            if (command == "run") args.AddRange(["--headless", "--timeout", "0.2"]);
            if (command == "exec") args.InsertRange(1, ["--timeout", "0.2"]); // before any "--"
            if (command == "demo") args.Add("--bogus");
            return args.ToArray();
        });

    [Fact]
    [Trait("Category", FuzzBudget.Category)]
    public void No_command_line_made_of_the_commands_words_is_an_internal_error()
    {
        // Words such as "--screen" become file names where a command makes files: in a folder of
        // the test's own (the collection runs alone, the working folder being the process's).
        string cwd = Environment.CurrentDirectory;
        string work = Path.Combine(_files.Folder, "work");
        Directory.CreateDirectory(work);
        Environment.CurrentDirectory = work;
        try
        {
            Sample();
        }
        finally
        {
            Environment.CurrentDirectory = cwd;
        }
    }

    private void Sample() =>
        CommandLines.Sample(args =>
        {
            CliRun run = CliRun.Invoke(args);

            Assert.True(run.Status != 70, $"internal error for {string.Join(' ', args.Select(a => $"'{a}'"))}: {run.Stderr}");
            Assert.DoesNotContain("   at ", run.Stderr);
            Assert.DoesNotContain(run.Stderr, c => char.IsControl(c) && c != '\n');
        }, time: FuzzBudget.Seconds(3), threads: 1, print: a => string.Join(' ', a.Select(x => $"'{x}'")));

    [Fact]
    public void An_exception_nothing_catches_is_status_70_with_one_line_saying_it_is_a_bug_in_Concord()
    {
        string image = Path.Combine(_files.Folder, "disk.img");
        var stderr = new StringWriter();

        int status = ConcordCli.Run(["disk", "ls", image], new ThrowingWriter(), stderr, cancel: TestContext.Current.CancellationToken);

        Assert.Equal(70, status);
        string line = Assert.Single(stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("concord: internal error: this is a bug in Concord, not a problem with your input or your guest; please report it", line);
        Assert.Contains("IOException: the console went away", line);
    }

    /// <summary>Standard output that fails, as a closed pipe would, but from inside: no code path expects it.</summary>
    private sealed class ThrowingWriter : StringWriter
    {
        public override void Write(char value) => throw new IOException("the console went away");

        public override void Write(string? value) => throw new IOException("the console went away");
    }
}

/// <summary>Tests that change the process's working folder: run alone, after the others.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkingFolderCollection
{
    public const string Name = "working folder";
}
