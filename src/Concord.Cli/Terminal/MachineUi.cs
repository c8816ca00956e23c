using System.Text;
using Concord.Devices.Video;
using Concord.Monitor.Machines;
using Concord.Monitor.Vm;

namespace Concord.Cli.Terminal;

/// <summary>
/// The terminal UI of <c>concord run</c>. A machine of one VM (<c>--floppy</c>) shows the guest's
/// screen with one status line under it (CPU, clock, diskettes, keys). With several VMs the layout follows the terminal's size
/// (<see cref="Choose"/>): the VMs' 80x25 screens side by side, or one above the other, when
/// there is room, else the focused VM's screen; under them the status area with the management
/// table's floppy rows (each motor: whether it turns and which VMs want it; the controller's lease
/// holder and waiters) and the power row. A terminal of 80x25 gets the compact layout: one line
/// with all of that at a glance, and the focused screen's rows around its cursor. Keys go to the
/// focused VM; F12 moves the focus to the next VM; Ctrl+] quits, Ctrl+C asks every VM to power
/// off and stops (status 130). The run ends by itself when every VM has powered off.
/// </summary>
internal static class MachineUi
{
    private const int ScreenColumns = 80;
    private const int ScreenRows = 25;
    private const int PaneRows = ScreenRows + 1;      // a title line over each screen
    private const int PaneGap = 4;                    // columns between two screens side by side
    private const int StatusLineCount = 4;

    public const int SideBySideColumns = 2 * ScreenColumns + PaneGap;

    internal enum Layout
    {
        /// <summary>Two screens next to each other, the status area under them.</summary>
        SideBySide,
        /// <summary>Two screens one above the other, the status area under them.</summary>
        Stacked,
        /// <summary>The focused screen, the status area under it.</summary>
        Single,
        /// <summary>A glance line on top, then as many of the focused screen's rows as fit (those around its cursor).</summary>
        Compact,
    }

    /// <summary>The layout for <paramref name="vmCount"/> VMs on a terminal of <paramref name="columns"/> x <paramref name="rows"/>.</summary>
    internal static Layout Choose(int vmCount, int columns, int rows)
    {
        if (vmCount >= 2 && columns >= SideBySideColumns && rows >= PaneRows + StatusLineCount) return Layout.SideBySide;
        if (vmCount >= 2 && columns >= ScreenColumns && rows >= 2 * PaneRows + StatusLineCount) return Layout.Stacked;
        if (rows >= PaneRows + StatusLineCount) return Layout.Single;
        return Layout.Compact;
    }

    public static MachineOutcome Run(Machine machine, MachineRunOptions run, CancellationToken cancel)
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var output = Console.Out;
        bool treatControlC = Console.TreatControlCAsInput;
        var focus = new FocusBox();
        string last = "";
        (int Columns, int Rows) lastSize = (0, 0);
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
                    var size = TerminalSize.Current();
                    string frame = Render(MachineView.Of(m), focus.Index, size.Columns, size.Rows);
                    if (frame == last && size == lastSize) return;
                    if (size != lastSize) output.Write(AnsiScreen.ClearScreen);
                    last = frame;
                    lastSize = size;
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

    /// <summary>The whole frame for a terminal of <paramref name="columns"/> x <paramref name="rows"/>; nothing is drawn outside it.</summary>
    internal static string Render(MachineView view, int focus, int columns, int rows)
    {
        var sb = new StringBuilder(16384);
        sb.Append("\e[?25l");
        IReadOnlyList<VmView> vms = view.Vms;
        if (view.Solo is { } solo) return AnsiScreen.Render(vms[0].Screen, solo, columns, rows);
        Layout layout = Choose(vms.Count, columns, rows);
        (int Row, int Col)? cursor = null;
        int statusTop;
        switch (layout)
        {
            case Layout.SideBySide or Layout.Stacked:
                int first = Math.Max(0, focus - 1); // two screens: the focused one and its neighbour
                for (int pane = 0; pane < 2; pane++)
                {
                    int i = first + pane;
                    (int top, int left) = layout == Layout.SideBySide ? (1, 1 + pane * (ScreenColumns + PaneGap)) : (1 + pane * PaneRows, 1);
                    AnsiScreen.AppendLine(sb, top, left, Title(vms[i], i == focus), ScreenColumns, reverse: i == focus);
                    var c = AnsiScreen.AppendScreen(sb, vms[i].Screen, top + 1, left, 0, ScreenRows, ScreenColumns);
                    if (i == focus) cursor = c;
                }
                statusTop = 1 + (layout == Layout.SideBySide ? PaneRows : 2 * PaneRows);
                break;
            case Layout.Single:
                AnsiScreen.AppendLine(sb, 1, 1, Title(vms[focus], true), Math.Min(columns, ScreenColumns), reverse: true);
                cursor = AnsiScreen.AppendScreen(sb, vms[focus].Screen, 2, 1, 0, ScreenRows, columns);
                statusTop = 1 + PaneRows;
                break;
            default:
            {
                AnsiScreen.AppendLine(sb, 1, 1, Glance(view, focus), columns, reverse: true);
                TextScreen screen = vms[focus].Screen;
                int visible = Math.Clamp(rows - 1, 0, screen.Rows);
                cursor = AnsiScreen.AppendScreen(sb, screen, 2, 1, AnsiScreen.WindowStart(screen, Math.Max(visible, 1)), visible, columns);
                statusTop = 2 + visible;
                break;
            }
        }
        string[] status = StatusLines(view, focus, sideBySide: layout == Layout.SideBySide);
        for (int i = 0; i < status.Length && statusTop + i <= rows && layout != Layout.Compact; i++)
            AnsiScreen.AppendLine(sb, statusTop + i, 1, status[i], columns, reverse: i == status.Length - 1);
        AnsiScreen.AppendCursor(sb, cursor);
        return sb.ToString();
    }

    private static string Title(VmView vm, bool focused) =>
        $" {vm.Name} ({vm.Role}, {vm.Profile}) {State(vm)}{(focused ? "[keys] " : "")}";

    private static string State(VmView vm) =>
        (vm.PoweredOff ? "[off] " : vm.Stopped is not null ? "[stopped] " : "") + (vm.NoGates is not null ? "[no gates] " : "");

    /// <summary>
    /// One line with what the status area says, for the compact layout, most important first (a narrow
    /// terminal cuts the end): the focused VM, each motor ("A:ON dos+guest": turning, wanted by both),
    /// the lease holder and waiters, who asked for power off ("off:dos"), the keys.
    /// </summary>
    internal static string Glance(MachineView view, int focus)
    {
        VmView vm = view.Vms[focus];
        var parts = new List<string> { (vm.Name + " " + State(vm)).TrimEnd() };
        parts.Add(string.Join(" ", view.Motors.Select(m => $"{m.Drive}:{(m.On ? "ON" : "off")}{(m.WantedBy.Count == 0 ? "" : " " + string.Join("+", m.WantedBy))}")));
        if (view.Lease is { } lease)
            parts.Add($"fdc:{lease.Holder ?? "free"}{(lease.Waiting.Count == 0 ? "" : $" ({string.Join(",", lease.Waiting)} waits)")}");
        if (view.PowerAskedBy.Count > 0) parts.Add($"off:{string.Join("+", view.PowerAskedBy)}");
        parts.Add(view.Vms.Count > 1 ? "F12 focus  Ctrl+] quit" : "Ctrl+] quit");
        return " " + string.Join(" | ", parts.Where(p => p.Length > 0));
    }

    /// <summary>Lines of the status area: the floppy rows of the table, the power row, and the keys.</summary>
    internal static string[] StatusLines(MachineView view, int focus, bool sideBySide)
    {
        var lines = new List<string>
        {
            "motors:" + string.Concat(view.Motors.Select(m =>
                $"  {m.Drive}: {(m.On ? "ON " : "off")} wanted by {(m.WantedBy.Count == 0 ? "nobody" : string.Join("+", m.WantedBy))}")),
        };
        if (view.Lease is { } lease)
        {
            string waiting = lease.Waiting.Count == 0 ? "" : "  waiting: " + string.Join(", ", lease.Waiting);
            lines.Add($"fdc {lease.Field} ({lease.Policy}): {lease.Holder ?? "free"}{waiting}  requests {lease.Requests}, suppressed {lease.Suppressed}"
                + (lease.TimedOut == 0 ? "" : $", timed out {lease.TimedOut}"));
        }
        lines.Add($"power ({view.PowerPolicy}): asked by {(view.PowerAskedBy.Count == 0 ? "nobody" : string.Join(", ", view.PowerAskedBy))}"
            + string.Concat(view.Vms.Where(v => v.Stopped is not null).Select(v => $"   {v.Name} stopped: {v.Stopped}"))
            + string.Concat(view.Vms.Where(v => v.NoGates is not null).Select(v => $"   {v.Name} no gates: {v.NoGates}")));
        lines.Add($" keys go to {view.Vms[focus].Name}   F12 next VM{(sideBySide ? "" : " (screen)")}   Ctrl+] quit   Ctrl+C power off all ");
        return [.. lines];
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
                VmHardware vm = machine.Vms[focus.Index].Hardware;
                switch (KeyMapper.Map(info, vm.Profile.Board))
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
