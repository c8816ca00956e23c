using Concord.Cli.Commands;
using Concord.Devices.Keyboard;
using Concord.Devices.Video;
using Concord.Monitor.Pc;
using Concord.Monitor.Profiles;
using Concord.Monitor.Automation;
using Concord.Monitor.Clocks;
using Concord.Monitor.Machines;
using Concord.Monitor.Vm;

namespace Concord.Cli.Terminal;

/// <summary>
/// The terminal UI of <c>concord run</c>: the guest's 80x25 screen drawn with ANSI colours on the
/// alternate screen, a status line, and the host keyboard going to the guest. Keys are read with
/// <see cref="Console.ReadKey(bool)"/> on a background thread and handed to the machine, which feeds
/// them to the 8042 on its own thread. Ctrl+] quits (status 0), Ctrl+C interrupts (status 130);
/// both flush the disks like every other end of a run.
/// </summary>
internal static class TerminalUi
{
    public static PcOutcome Run(PcMachine machine, PcRunOptions run, RunSettings settings, CancellationToken cancel)
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        string status = $" Concord  {settings.Cpu switch { Core.Cpu.CpuModel.I8086 => "8086", _ => "80286" }}  {settings.EffectiveClock.Name()} clock  A: {Path.GetFileName(settings.Floppy)}"
            + (settings.FloppyB is { } b ? $"  B: {Path.GetFileName(b)}" : "")
            + "   Ctrl+] quit  Ctrl+C interrupt";
        var output = Console.Out;
        bool treatControlC = Console.TreatControlCAsInput;
        TextScreen? last = null;
        (int Columns, int Rows) lastSize = (0, 0);
        var stopReader = new ManualResetEventSlim();
        var reader = new Thread(() => ReadKeys(machine, interrupt, stopReader)) { IsBackground = true, Name = "concord-keys" };
        try
        {
            Console.TreatControlCAsInput = true;
            output.Write(AnsiScreen.EnterAlternateScreen);
            output.Flush();
            reader.Start();
            return machine.Run(run with
            {
                Observer = m =>
                {
                    TextScreen screen = m.Screen();
                    var size = TerminalSize.Current();
                    if (size == lastSize && last is not null && SameScreen(last, screen)) return;
                    if (size != lastSize) output.Write(AnsiScreen.ClearScreen);
                    last = screen;
                    lastSize = size;
                    output.Write(AnsiScreen.Render(screen, status, size.Columns, size.Rows));
                    output.Flush();
                },
            }, interrupt.Token);
        }
        finally
        {
            stopReader.Set();
            output.Write(AnsiScreen.LeaveAlternateScreen);
            output.Flush();
            Console.TreatControlCAsInput = treatControlC;
        }
    }

    private static bool SameScreen(TextScreen a, TextScreen b) =>
        a.CursorRow == b.CursorRow && a.CursorColumn == b.CursorColumn && a.CursorVisible == b.CursorVisible
        && a.Characters.AsSpan().SequenceEqual(b.Characters) && a.Attributes.AsSpan().SequenceEqual(b.Attributes);

    private static void ReadKeys(PcMachine machine, CancellationTokenSource interrupt, ManualResetEventSlim stop)
    {
        try
        {
            while (!stop.IsSet)
            {
                if (!Console.KeyAvailable)
                {
                    stop.Wait(10);
                    continue;
                }
                switch (KeyMapper.Map(Console.ReadKey(intercept: true)))
                {
                    case KeyAction.Quit:
                        machine.RequestQuit();
                        return;
                    case KeyAction.Interrupt:
                        interrupt.Cancel();
                        machine.RequestQuit(); // wakes a sleeping machine; the cancellation decides the status
                        return;
                    case var keys:
                        keys.SendTo(machine);
                        break;
                }
            }
        }
        catch (InvalidOperationException)
        {
            // no console to read keys from: the machine runs on without keys
        }
    }
}
