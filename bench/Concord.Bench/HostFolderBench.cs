using System.Diagnostics;
using System.Globalization;
using Concord.Core.Cpu;
using Concord.Devices.Floppy;
using Concord.Devices.Floppy.Fat;
using Concord.Engines.Interpreter;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;

namespace Concord.Bench;

/// <summary>
/// <c>hostfs</c>: host folders as DOS drives (issue 14), measured with real FreeDOS (kernel 2040,
/// FreeCOM; tests/data/freedos) booted from A:, a blank 2.88M diskette image in B: and a host
/// folder as D:, each command typed at the prompt and timed from its Enter to the prompt's return.
/// Copy 1 MiB from the mount to the diskette and back; the same copy with the file on the diskette
/// image instead (B: to B:, then back to B:); DIR of 1,000 files on the mount and in a directory of
/// the diskette. Reported: host wall time and machine (virtual) time of each, and the copies checked
/// byte for byte.
/// </summary>
public static class HostFolderBench
{
    private const int FileBytes = 1 << 20;
    private const int ManyFiles = 1000;

    /// <summary>DIR's count line for them (FreeCOM may group the thousands).</summary>
    private const string ManyFilesShown = @"\b1,?000 file\(s\)";

    public static int Run(TextWriter output, CpuModel model)
    {
        string freeDos = Repo("tests", "data", "freedos", "freedos-8086tiny-1440k.img");
        string folder = Path.Combine(Path.GetTempPath(), "concord-bench-hostfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            output.WriteLine("Concord host folders: FreeDOS (kernel 2040, FreeCOM) typing commands; D: a host folder, B: a 2.88M diskette image");
            output.WriteLine($"machine: {MachineInfo.Describe()}");
            output.WriteLine($"engine:  {Interpreter.EngineName}, guest CPU {model.Name()}, virtual clock (100 ns per instruction; a halted CPU skips ahead)");
            output.WriteLine();
            output.WriteLine($"{"operation",-52} {"wall s",8} {"machine s",10}");

            var content = new byte[FileBytes];
            new Random(14).NextBytes(content);

            // Through the mount: D: -> B: -> D:.
            using (var dos = new Dos(folder, "mount", freeDos, model))
            {
                File.WriteAllBytes(Path.Combine(dos.Share, "BIG.BIN"), content);
                dos.Boot();
                Report(output, "copy 1 MiB D:\\BIG.BIN (mount) -> B: (diskette)", dos.Command("copy d:\\big.bin b:\\big.bin"));
                Report(output, "copy 1 MiB B:\\BIG.BIN -> D:\\BACK.BIN (mount)", dos.Command("copy b:\\big.bin d:\\back.bin"));
                Check(content, File.ReadAllBytes(Path.Combine(dos.Share, "BACK.BIN")), "D:\\BACK.BIN");
                Check(content, dos.Diskette().ReadFile("BIG.BIN"), "B:\\BIG.BIN");
            }

            // The same copy with the file on the diskette image: B: -> B: -> B:.
            using (var dos = new Dos(folder, "diskette", freeDos, model))
            {
                dos.PutOnDiskette(v => v.WriteFile("BIG.BIN", content));
                dos.Boot();
                Report(output, "copy 1 MiB B:\\BIG.BIN (image) -> B:\\COPY.BIN", dos.Command("copy b:\\big.bin b:\\copy.bin"));
                dos.Command("del b:\\big.bin");
                Report(output, "copy 1 MiB B:\\COPY.BIN -> B:\\BACK.BIN", dos.Command("copy b:\\copy.bin b:\\back.bin"));
                Check(content, dos.Diskette().ReadFile("BACK.BIN"), "B:\\BACK.BIN");
            }

            // DIR of 1,000 files: a host folder, then a directory of the diskette.
            using (var dos = new Dos(folder, "dir", freeDos, model))
            {
                for (int i = 0; i < ManyFiles; i++) File.WriteAllText(Path.Combine(dos.Share, $"F{i:D4}.TXT"), $"file {i}\r\n");
                dos.PutOnDiskette(v =>
                {
                    v.CreateDirectory("MANY");
                    for (int i = 0; i < ManyFiles; i++) v.WriteFile($"MANY/F{i:D4}.TXT", System.Text.Encoding.ASCII.GetBytes($"file {i}\r\n"));
                });
                dos.Boot();
                Report(output, $"dir d:\\ ({ManyFiles:N0} files, mount)", dos.Command("dir d:\\", ManyFilesShown));
                Report(output, $"dir b:\\many ({ManyFiles:N0} files, diskette)", dos.Command("dir b:\\many", ManyFilesShown));
            }
            output.WriteLine();
            output.WriteLine("Each time runs from the command's Enter to its prompt, typing included; the copies were compared byte for byte.");
            return 0;
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    private static void Report(TextWriter output, string what, (TimeSpan Wall, double MachineSeconds) t) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-52} {t.Wall.TotalSeconds,8:0.00} {t.MachineSeconds,10:0.00}"));

    private static void Check(byte[] expected, byte[] actual, string where)
    {
        if (!expected.AsSpan().SequenceEqual(actual)) throw new InvalidOperationException($"{where} differs from the file copied");
    }

    private static string Repo(params string[] parts)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Concord.sln"))) return Path.Combine([dir.FullName, .. parts]);
        throw new InvalidOperationException($"no Concord.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>FreeDOS from a copy of its diskette in A:, a blank 2.88M image in B:, a host folder as D:.</summary>
    private sealed class Dos : IDisposable
    {
        private readonly string _a, _b;
        private readonly CpuModel _model;
        private Machine? _machine;
        private int _marker;

        public Dos(string folder, string name, string freeDos, CpuModel model)
        {
            string dir = Path.Combine(folder, name);
            Share = Path.Combine(dir, "share");
            Directory.CreateDirectory(Share);
            _a = Path.Combine(dir, "a.img");
            _b = Path.Combine(dir, "b.img");
            File.Copy(freeDos, _a);
            File.WriteAllBytes(_b, FatVolume.CreateImage(FloppyGeometry.Floppy2880K));
            _model = model;
        }

        public string Share { get; }

        private Machine Machine => _machine ?? throw new InvalidOperationException("not booted");

        public void PutOnDiskette(Action<FatVolume> put)
        {
            FatVolume volume = FatVolume.Open(File.ReadAllBytes(_b), _b);
            put(volume);
            File.WriteAllBytes(_b, volume.ToArray());
        }

        /// <summary>Ends the machine (its diskettes flushed and unlocked) and reads B:.</summary>
        public FatVolume Diskette()
        {
            Machine.Dispose();
            return FatVolume.Open(File.ReadAllBytes(_b), _b);
        }

        public void Boot()
        {
            MachineSpec spec = MachineSpec.ForDiskettes(_a, _b, PlatformProfile.At, _model, ClockKind.Virtual)
                with { Mounts = [new MountSpec(MachineSpec.SoloVmName, 'D', Share, false)] };
            _machine = new Machine(spec);
            Run([new AutomationStep.Expect("A:\\>")], null);
            DosSession session = Machine.DosSessions.Session(Machine.Vms[0])!;
            Run([], () => session.State != Concord.Monitor.Gates.DosState.Learning);
            if (session.MountProblem is { } problem) throw new InvalidOperationException(problem);
        }

        /// <summary>Types <paramref name="line"/> and waits for the prompt after it; the host and machine time it took.</summary>
        public (TimeSpan Wall, double MachineSeconds) Command(string line, string? mustShow = null)
        {
            string marker = $"end-{++_marker}";
            MachineVm vm = Machine.Vms[0];
            long startNs = vm.NowNs;
            var wall = Stopwatch.StartNew();
            Run([new AutomationStep.Send(line + "\r"), new AutomationStep.Send($"echo {marker}\r"), new AutomationStep.Expect("\n" + marker)], null);
            wall.Stop();
            if (mustShow is not null && !System.Text.RegularExpressions.Regex.IsMatch(vm.Screen().ToText(), mustShow))
                throw new InvalidOperationException($"'{line}' did not show '{mustShow}':\n{vm.Screen().ToText()}");
            return (wall.Elapsed, (vm.NowNs - startNs) / 1e9);
        }

        private void Run(AutomationStep[] steps, Func<bool>? until)
        {
            MachineOutcome outcome = Machine.Run(new MachineRunOptions
            {
                Steps = [.. steps.Select(s => new MachineStep(MachineSpec.SoloVmName, s))],
                EndWhen = until,
                Timeout = TimeSpan.FromMinutes(10),
            });
            if (outcome.Stop is not (StopReason.StepsCompleted or StopReason.Finished))
                throw new InvalidOperationException(outcome.Describe() + "\n" + Machine.Vms[0].Screen().ToText());
        }

        public void Dispose() => _machine?.Dispose();
    }
}
