using Concord.Monitor.Machines;
using Concord.Monitor.Tests.Redirector;

namespace Concord.Monitor.Tests.Exec;

/// <summary>
/// Commands run from the host through a real DOS's own EXEC (<see cref="MachineDosSessions.Exec"/>),
/// on FreeDOS (kernel 2040, FreeCOM) and Concord DOS: the program (EXITWITH.COM, firmware/apps) on a
/// mounted folder, its exit code from AH=4Dh, its console output as it wrote it.
/// </summary>
public sealed class DosExecTests
{
    public static TheoryData<string> Systems => ["freedos", "concord-dos"];

    private static MountedDos Boot(string system)
    {
        MountedDos dos = system == "freedos" ? MountedDos.FreeDos(('D', false)) : ConcordDosRedirectorTests.Boot(('D', false));
        File.Copy(RepoPaths.Firmware("apps", "EXITWITH.COM"), dos.HostPath('D', "EXITWITH.COM"));
        return dos.Boot();
    }

    [Theory]
    [MemberData(nameof(Systems))]
    public void Exit_codes_and_output_come_back_from_one_command_after_another(string system)
    {
        using MountedDos dos = Boot(system);
        foreach (int code in new[] { 0, 1, 42, 255 })
        {
            var (result, output) = dos.Exec($"d:\\exitwith.com {code} said {code * 3}");
            Assert.True(result.Ran, result.ToString());
            Assert.Equal(code, result.ExitCode);
            Assert.Equal(0, result.TerminationType);
            Assert.Equal($"exitwith: {code} said {code * 3}\r\n", output);
        }
    }

    [Theory]
    [MemberData(nameof(Systems))]
    public void A_name_without_extension_finds_the_com_file_and_a_missing_program_is_not_found(string system)
    {
        using MountedDos dos = Boot(system);
        var (found, output) = dos.Exec("d:exitwith 7");
        Assert.True(found.Ran, found.ToString());
        Assert.Equal(7, found.ExitCode);
        Assert.Equal("D:EXITWITH.COM", found.Program, ignoreCase: true);
        Assert.Contains("exitwith: 7", output);

        var (missing, nothing) = dos.Exec("d:\\nosuch.com 1");
        Assert.False(missing.Ran);
        Assert.True(missing.NotFound, missing.ToString());
        Assert.Equal("", nothing);
        var (noExtension, _) = dos.Exec("d:\\nosuch");
        Assert.True(noExtension.NotFound, noExtension.ToString());

        // The DOS goes on as before: the shell still answers at its prompt.
        Assert.Contains("EXITWITH COM", dos.Command("dir d:"));
    }

    [Theory]
    [MemberData(nameof(Systems))]
    public void A_program_that_never_ends_runs_into_the_time_limit(string system)
    {
        using MountedDos dos = Boot(system);
        var output = new List<byte>();
        DosCommand command = DosCommand.Parse("d:\\exitwith.com hang", output.Add, out _)!;
        dos.Machine.DosSessions.Exec(dos.Vm, command);
        MachineOutcome outcome = dos.Machine.Run(new MachineRunOptions { EndWhen = () => command.Done, Timeout = TimeSpan.FromSeconds(10) }, // wall time: room for a loaded machine
            TestContext.Current.CancellationToken);
        Assert.Equal(StopReason.Timeout, outcome.Stop);
        Assert.False(command.Done);
        Assert.StartsWith("exitwith: hang", System.Text.Encoding.ASCII.GetString([.. output]));
        Assert.Contains("exitwith.com was still running", dos.Machine.DosSessions.Session(dos.Vm)!.Describe(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// As COMMAND.COM does: a bare name is looked for in the current directory and then along the
    /// PATH of the environment the program inherits (the shell's, changed at the prompt just before);
    /// a batch file and an internal command run through COMSPEC /C (FreeCOM sets COMSPEC itself);
    /// the names tried are told. FreeDOS: Concord DOS's shell keeps no environment.
    /// </summary>
    [Fact]
    public void On_freedos_a_bare_name_is_found_along_path_and_batch_files_and_internal_commands_run_through_comspec()
    {
        using MountedDos dos = Boot("freedos");
        string tools = dos.HostPath('D', "TOOLS");
        Directory.CreateDirectory(tools);
        File.Move(dos.HostPath('D', "EXITWITH.COM"), Path.Combine(tools, "EXITWITH.COM"));
        File.WriteAllText(Path.Combine(tools, "GREET.BAT"), "@echo off\r\necho batch says %1\r\n");

        var (before, _) = dos.Exec("exitwith 5");
        Assert.True(before.NotFound, before.ToString()); // not in A:\ nor in the diskette's PATH yet
        dos.Command("set PATH=D:\\TOOLS;A:\\FREEDOS\\BIN");

        var (found, said) = dos.Exec("exitwith 5 along the path");
        Assert.True(found.Ran, found.ToString());
        Assert.Equal((5, "D:\\TOOLS\\exitwith.COM"), (found.ExitCode, found.Program));
        Assert.Equal("exitwith: 5 along the path\r\n", said);

        var (batch, batchSaid) = dos.Exec("greet hello");
        Assert.True(batch.Ran, batch.ToString());
        Assert.Equal("A:\\COMMAND.COM", batch.Program, ignoreCase: true);
        Assert.Contains("batch says hello\r\n", batchSaid);

        var (echo, echoSaid) = dos.Exec("echo from the host");
        Assert.True(echo.Ran, echo.ToString());
        Assert.Equal(0, echo.ExitCode);
        Assert.Contains("from the host\r\n", echoSaid);

        var output = new List<byte>();
        DosCommand missing = DosCommand.Parse("nosuch 1", output.Add, out _)!;
        dos.Machine.DosSessions.Exec(dos.Vm, missing);
        dos.RunUntil(() => missing.Done);
        Assert.True(missing.Result!.NotFound, missing.Result.ToString());
        Assert.Equal(["nosuch.COM", "nosuch.EXE", "nosuch.BAT", "D:\\TOOLS\\nosuch.COM", "D:\\TOOLS\\nosuch.EXE", "D:\\TOOLS\\nosuch.BAT",
            "A:\\FREEDOS\\BIN\\nosuch.COM", "A:\\FREEDOS\\BIN\\nosuch.EXE", "A:\\FREEDOS\\BIN\\nosuch.BAT"], missing.Tried);
        Assert.Contains("D:\\TOOLS", dos.Command("echo %PATH%")); // the shell goes on as before
    }
}
