using Concord.Cli.Terminal;

namespace Concord.Cli.Tests.Terminal;

/// <summary>
/// The terminal UI of a machine of two VMs, drawn into terminals of several sizes: nothing is drawn
/// outside the terminal, the focused screen's cursor row stays in view, and the motors, who wants
/// them, the controller's lease and the power row can be read in every layout.
/// </summary>
public sealed class MachineUiTests
{
    private static MachineView View() => new(
        [
            new VmView("dos", "parent", "at", PoweredOff: false, Screens.Numbered(cursorRow: 24, tag: "-dos")),
            new VmView("guest", "guest", "pc98", PoweredOff: false, Screens.Numbered(cursorRow: 24, tag: "-guest")),
        ],
        [new MotorView('A', On: true, ["dos", "guest"]), new MotorView('B', On: false, [])],
        new LeaseView("command", "lease", Holder: "guest", Waiting: ["dos"], Requests: 12, Suppressed: 3),
        "all",
        ["dos"]);

    [Theory]
    [InlineData(80, 25, "Compact")]
    [InlineData(200, 29, "Compact")]
    [InlineData(80, 30, "Single")]
    [InlineData(163, 55, "Single")]
    [InlineData(164, 30, "SideBySide")]
    [InlineData(80, 56, "Stacked")]
    public void The_layout_uses_the_room_the_terminal_has(int columns, int rows, string expected)
    {
        Assert.Equal(expected, MachineUi.Choose(2, columns, rows).ToString());
    }

    [Fact]
    public void An_80x25_terminal_gets_a_glance_line_and_the_focused_screen_down_to_its_prompt()
    {
        AnsiGrid grid = AnsiGrid.Draw(MachineUi.Render(View(), focus: 1, 80, 25), 80, 25);

        string glance = grid.Line(1);
        Assert.StartsWith(" guest | A:ON dos+guest B:off | fdc:guest (dos waits) | off:dos | F12 focus", glance);
        Assert.Equal("row 01-guest", grid.Line(2));
        Assert.Equal("row 24-guest", grid.Line(25));
        Assert.Equal((25, 7), grid.Cursor);
    }

    [Fact]
    public void Thirty_rows_show_the_whole_focused_screen_and_the_status_area()
    {
        AnsiGrid grid = AnsiGrid.Draw(MachineUi.Render(View(), focus: 0, 80, 30), 80, 30);

        Assert.Equal("dos (parent, at) [keys]", grid.Line(1).Trim());
        Assert.Equal("row 00-dos", grid.Line(2));
        Assert.Equal("row 24-dos", grid.Line(26));
        Assert.Equal("motors:  A: ON  wanted by dos+guest  B: off wanted by nobody", grid.Line(27));
        Assert.StartsWith("fdc command (lease): guest  waiting: dos  requests 12, suppressed 3", grid.Line(28));
        Assert.Equal("power (all): asked by dos", grid.Line(29));
        Assert.Contains("keys go to dos", grid.Line(30));
        Assert.Equal((26, 7), grid.Cursor);
    }

    [Fact]
    public void Lease_time_outs_show_on_the_lease_line_once_there_are_any()
    {
        MachineView view = View() with { Lease = View().Lease! with { TimedOut = 2 } };

        AnsiGrid grid = AnsiGrid.Draw(MachineUi.Render(view, focus: 0, 100, 30), 100, 30);

        Assert.Equal("fdc command (lease): guest  waiting: dos  requests 12, suppressed 3, timed out 2", grid.Line(28));
    }

    [Fact]
    public void A_wide_terminal_shows_both_screens_side_by_side()
    {
        AnsiGrid grid = AnsiGrid.Draw(MachineUi.Render(View(), focus: 1, 170, 30), 170, 30);

        Assert.StartsWith(" dos (parent, at)", grid.Line(1));
        Assert.Contains(" guest (guest, pc98) [keys]", grid.Line(1));
        Assert.Equal("row 00-dos" + new string(' ', 74) + "row 00-guest", grid.Line(2));
        Assert.StartsWith("motors:", grid.Line(27));
        Assert.Equal((26, 85 + 6), grid.Cursor);
    }

    [Fact]
    public void A_tall_terminal_shows_both_screens_one_above_the_other()
    {
        AnsiGrid grid = AnsiGrid.Draw(MachineUi.Render(View(), focus: 0, 80, 60), 80, 60);

        Assert.Equal("row 00-dos", grid.Line(2));
        Assert.Contains("guest (guest, pc98)", grid.Line(27));
        Assert.Equal("row 00-guest", grid.Line(28));
        Assert.StartsWith("motors:", grid.Line(53));
        Assert.Equal((26, 7), grid.Cursor);
    }

    [Fact]
    public void With_three_vms_the_focused_one_is_always_on_screen()
    {
        MachineView view = View() with { Vms = [.. View().Vms, new VmView("third", "guest", "at", false, Screens.Numbered(24, "-third"))] };

        AnsiGrid grid = AnsiGrid.Draw(MachineUi.Render(view, focus: 2, 170, 30), 170, 30);

        Assert.Equal("row 00-guest" + new string(' ', 72) + "row 00-third", grid.Line(2));
        Assert.Equal((26, 85 + 6), grid.Cursor);
    }

    [Theory]
    [InlineData(false, "[stopped]", "guest stopped: VM guest: the CPU shut down at 0F12:0103")]
    [InlineData(true, "[no gates]", "guest no gates: not a usable DOS: INT 21h has no handler")]
    public void A_vm_that_stopped_or_that_the_gates_cannot_enter_is_marked_and_the_reason_shown(bool noGates, string mark, string reason)
    {
        VmView guest = View().Vms[1];
        MachineView view = View() with
        {
            Vms = [View().Vms[0], noGates
                ? guest with { NoGates = "not a usable DOS: INT 21h has no handler" }
                : guest with { Stopped = "VM guest: the CPU shut down at 0F12:0103" }],
        };

        AnsiGrid wide = AnsiGrid.Draw(MachineUi.Render(view, focus: 0, 170, 30), 170, 30);
        AnsiGrid small = AnsiGrid.Draw(MachineUi.Render(view, focus: 1, 80, 25), 80, 25);

        Assert.Contains($" guest (guest, {guest.Profile}) {mark}", wide.Line(1));
        Assert.DoesNotContain(mark, wide.Line(1)[..85]);       // the other VM's title is unmarked
        Assert.Contains(reason, wide.Line(29));
        Assert.StartsWith($" guest {mark} | A:ON", small.Line(1));
    }

    [Theory]
    [InlineData(40, 10)]
    [InlineData(79, 24)]
    [InlineData(100, 2)]
    public void A_small_terminal_is_never_drawn_past_its_edges(int columns, int rows)
    {
        AnsiGrid grid = AnsiGrid.Draw(MachineUi.Render(View(), focus: 0, columns, rows), columns, rows);

        Assert.StartsWith(" dos | A:ON dos+guest B:off"[..Math.Min(columns, 27)], grid.Line(1));
        Assert.Equal(rows > 1 ? "row 24-dos"[..Math.Min(10, columns)] : "", rows > 1 ? grid.Line(rows) : "");
    }
}
