using System.Text;
using Concord.Devices.Keyboard;
using Concord.Devices.Video;
using Concord.Monitor.Machines;
using Concord.Monitor.Pc;
using Concord.Monitor.Table;

namespace Concord.Cli.Terminal;

/// <summary>
/// The terminal UI of a machine of several VMs: the VMs' 80x25 screens side by side when the
/// terminal has at least <see cref="SideBySideColumns"/> columns, else the focused VM's screen
/// alone; under them a status area with the management table's floppy rows (each motor: who wants
/// it on, whether it runs; the controller's lease holder and waiters) and the power row. Keys go to
/// the focused VM; F12 moves the focus to the next VM; Ctrl+] quits, Ctrl+C asks every VM to power
/// off and stops (status 130). The run ends by itself when every VM has powered off.
/// </summary>
internal static class MachineUi
{
    public const int SideBySideColumns = 164;

    public static MachineOutcome Run(Machine machine, MachineRunOptions run, CancellationToken cancel)
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var output = Console.Out;
        bool treatControlC = Console.TreatControlCAsInput;
        var focus = new FocusBox();
        string last = "";
        var stopReader = new ManualResetEventSlim();
        var reader = new Thread(() => ReadKeys(machine, focus, interrupt, stopReader)) { IsBackground = true, Name = "concord-keys" };
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
                    int width;
                    try { width = Console.WindowWidth; }
                    catch (IOException) { width = 80; }
                    string frame = Render(m, focus.Index, width);
                    if (frame == last) return;
                    last = frame;
                    output.Write(frame);
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

    /// <summary>The whole frame: screens (side by side or the focused one), then the status area.</summary>
    internal static string Render(Machine machine, int focus, int terminalColumns)
    {
        var sb = new StringBuilder(16384);
        sb.Append("\e[?25l");
        IReadOnlyList<MachineVm> vms = machine.Vms;
        bool sideBySide = terminalColumns >= SideBySideColumns && vms.Count >= 2;
        int rows = 25;
        (int Row, int Col)? cursor = null;
        if (sideBySide)
        {
            for (int i = 0; i < Math.Min(2, vms.Count); i++)
            {
                var c = DrawScreen(sb, vms[i].Screen(), 2, 1 + i * 84, i == focus);
                if (i == focus) cursor = c;
            }
            int pair = Math.Min(2, vms.Count);
            for (int i = 0; i < pair; i++) Title(sb, 1, 1 + i * 84, vms[i], i == focus);
        }
        else
        {
            cursor = DrawScreen(sb, vms[focus].Screen(), 2, 1, true);
            Title(sb, 1, 1, vms[focus], true);
        }
        int line = rows + 2;
        foreach (string status in StatusLines(machine, focus, sideBySide))
        {
            sb.Append("\e[").Append(line++).Append(";1H\e[0m\e[K").Append(status);
        }
        if (cursor is { } at) sb.Append("\e[").Append(at.Row).Append(';').Append(at.Col).Append("H\e[?25h");
        return sb.ToString();
    }

    private static void Title(StringBuilder sb, int row, int col, MachineVm vm, bool focused)
    {
        string text = $" {vm.Name} ({vm.Spec.Role.ToString().ToLowerInvariant()}, {vm.Spec.Profile.ToString().ToLowerInvariant()}) {(vm.State == VmRunState.PoweredOff ? "[off] " : "")}{(focused ? "[keys] " : "")}";
        sb.Append("\e[").Append(row).Append(';').Append(col).Append("H\e[0m").Append(focused ? "\e[7m" : "").Append(text.PadRight(80)[..80]).Append("\e[0m");
    }

    /// <summary>Lines of the status area: the floppy rows of the table, the power row, and the keys.</summary>
    internal static IEnumerable<string> StatusLines(Machine machine, int focus, bool sideBySide)
    {
        TableSnapshot table = machine.Table.Snapshot();
        var vms = machine.Vms;
        var motors = new StringBuilder("motors:");
        foreach (RowSnapshot row in table.Rows.Where(r => r.Device == "fdc" && r.Field.StartsWith("motor", StringComparison.Ordinal)))
        {
            int unit = row.Field[^1] - '0';
            if (machine.Fdc.Controller.Drive(unit) is null) continue;
            var wanting = vms.Where((v, i) => row.Requested[i] > 0).Select(v => v.Name).ToArray();
            motors.Append($"  {(char)('A' + unit)}: {(row.Effective != 0 ? "ON " : "off")} wanted by {(wanting.Length == 0 ? "nobody" : string.Join("+", wanting))}");
        }
        yield return motors.ToString();
        if (machine.Fdc.LeaseRow is { } lease)
        {
            RowSnapshot row = table.Rows.First(r => r.Device == lease.Device && r.Field == lease.Field);
            string holder = row.Holder.IsNone ? "free" : vms[row.Holder.Value].Name;
            string waiting = row.Waiting.Count == 0 ? "" : "  waiting: " + string.Join(", ", row.Waiting.Select(w => vms[w.Value].Name));
            yield return $"fdc {lease.Field} ({row.Policy.ToString().ToLowerInvariant()}): {holder}{waiting}  requests {row.Requests}, suppressed {row.Suppressed}";
        }
        RowSnapshot power = table.Rows.First(r => r.Device == "power");
        yield return $"power ({power.Policy.ToString().ToLowerInvariant()}): asked by " +
            (vms.Where((v, i) => power.Requested[i] > 0).Select(v => v.Name).DefaultIfEmpty("nobody").Aggregate((a, b) => a + ", " + b));
        yield return $"\e[7m keys go to {vms[focus].Name}   F12 next VM{(sideBySide ? "" : " (screen)")}   Ctrl+] quit   Ctrl+C power off all \e[0m";
    }

    private static (int Row, int Col)? DrawScreen(StringBuilder sb, TextScreen screen, int top, int left, bool withCursor)
    {
        int lastAttribute = -1;
        for (int row = 0; row < screen.Rows; row++)
        {
            sb.Append("\e[").Append(top + row).Append(';').Append(left).Append('H');
            for (int col = 0; col < screen.Columns; col++)
            {
                int attribute = screen.AttributeAt(row, col);
                if (attribute != lastAttribute)
                {
                    int fg = attribute & 0x0F, bg = (attribute >> 4) & 0x07;
                    ReadOnlySpan<byte> map = [0, 4, 2, 6, 1, 5, 3, 7];
                    int fgCode = fg < 8 ? 30 + map[fg] : 90 + map[fg - 8];
                    sb.Append("\e[0;").Append(fgCode).Append(';').Append(40 + map[bg]).Append('m');
                    lastAttribute = attribute;
                }
                byte c = screen.CharacterAt(row, col);
                sb.Append(c == 0 ? ' ' : Cp437.ToChar(c));
            }
        }
        sb.Append("\e[0m");
        if (withCursor && screen.CursorVisible && screen.CursorRow >= 0) return (top + screen.CursorRow, left + screen.CursorColumn);
        return null;
    }

    private sealed class FocusBox
    {
        private volatile int _index;
        public int Index => _index;
        public void Next(int count) => _index = (_index + 1) % count;
    }

    private static void ReadKeys(Machine machine, FocusBox focus, CancellationTokenSource interrupt, ManualResetEventSlim stop)
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
                ConsoleKeyInfo info = Console.ReadKey(intercept: true);
                if (info.Key == ConsoleKey.F12 && info.Modifiers == 0)
                {
                    focus.Next(machine.Vms.Count);
                    machine.WakeUp();
                    continue;
                }
                PcVm vm = machine.Vms[focus.Index].Pc;
                switch (KeyMapper.Map(info))
                {
                    case KeyAction.Quit:
                        machine.RequestQuit();
                        return;
                    case KeyAction.Interrupt:
                        interrupt.Cancel();
                        machine.WakeUp();
                        return;
                    case var keys:
                        keys.SendTo(vm);
                        break;
                }
                machine.WakeUp();
            }
        }
        catch (InvalidOperationException)
        {
            // no console to read keys from
        }
    }
}
