using Concord.Devices.Pic;

namespace Concord.Devices.Tests.Pic;

public sealed class Pic8259PairTests
{
    private readonly RecordingIrqLine _intr = new();
    private readonly Pic8259Pair _pic;

    public Pic8259PairTests() => _pic = new Pic8259Pair(_intr);

    /// <summary>The AT BIOS sequence: edge triggered, cascade, vectors 08h and 70h, 8086 mode.</summary>
    private void InitLikeBios()
    {
        _pic.Write(0x20, 0x11); _pic.Write(0x21, 0x08); _pic.Write(0x21, 0x04); _pic.Write(0x21, 0x01);
        _pic.Write(0xA0, 0x11); _pic.Write(0xA1, 0x70); _pic.Write(0xA1, 0x02); _pic.Write(0xA1, 0x01);
        _pic.Write(0x21, 0x00); _pic.Write(0xA1, 0x00);
    }

    [Fact]
    public void Bios_initialization_sets_vector_bases_and_cascade()
    {
        InitLikeBios();
        Assert.True(_pic.Master.Initialized);
        Assert.Equal(0x08, _pic.Master.VectorBase);
        Assert.Equal(0x70, _pic.Slave.VectorBase);
        Assert.True(_pic.Master.HasSlaveAt(2));
        Assert.Equal(0x00, _pic.Read(0x21));
    }

    [Fact]
    public void Timer_request_raises_intr_and_acknowledge_gives_vector_08()
    {
        InitLikeBios();
        _pic.SetIrq(0, true);
        Assert.True(_pic.Intr);
        Assert.True(_intr.Level);
        Assert.Equal(0x08, _pic.Acknowledge());
        Assert.False(_pic.Intr);
        _pic.Write(0x20, 0x0B); // OCW3: read ISR
        Assert.Equal(0x01, _pic.Read(0x20));
    }

    [Fact]
    public void A_monitor_request_works_while_the_line_stays_high_and_pending_covers_irr_and_isr()
    {
        InitLikeBios();
        _pic.SetIrq(0, true);
        Assert.Equal(0x08, _pic.Acknowledge());
        _pic.Write(0x20, 0x20);                 // EOI; the timer's line is still high: no new edge
        Assert.False(_pic.Pending(0));
        Assert.False(_pic.Intr);

        _pic.Request(0);

        Assert.True(_pic.Pending(0));
        Assert.True(_pic.Intr);
        Assert.Equal(0x08, _pic.Acknowledge());
        Assert.True(_pic.Pending(0));           // in service until the EOI
        _pic.Request(10);                       // on the slave, through the cascade
        _pic.Write(0x20, 0x20);
        Assert.Equal(0x70 + 2, _pic.Acknowledge());
    }

    [Fact]
    public void Masked_request_stays_in_irr_without_intr()
    {
        InitLikeBios();
        _pic.Write(0x21, 0x02);
        _pic.SetIrq(1, true);
        Assert.False(_pic.Intr);
        _pic.Write(0x20, 0x0A); // OCW3: read IRR
        Assert.Equal(0x02, _pic.Read(0x20));
        _pic.Write(0x21, 0x00);
        Assert.True(_pic.Intr);
    }

    [Fact]
    public void Eoi_clears_highest_in_service_bit()
    {
        InitLikeBios();
        _pic.SetIrq(3, true);
        Assert.Equal(0x0B, _pic.Acknowledge());
        _pic.SetIrq(1, true); // higher priority nests
        Assert.True(_pic.Intr);
        Assert.Equal(0x09, _pic.Acknowledge());
        _pic.Write(0x20, 0x0B);
        Assert.Equal(0x0A, _pic.Read(0x20));
        _pic.Write(0x20, 0x20); // non-specific EOI
        Assert.Equal(0x08, _pic.Read(0x20));
    }

    [Fact]
    public void Lower_priority_request_waits_until_eoi()
    {
        InitLikeBios();
        _pic.SetIrq(1, true);
        _pic.Acknowledge();
        _pic.SetIrq(4, true);
        Assert.False(_pic.Intr);
        _pic.Write(0x20, 0x20);
        Assert.True(_pic.Intr);
        Assert.Equal(0x0C, _pic.Acknowledge());
    }

    [Fact]
    public void Specific_eoi_clears_the_named_level_only()
    {
        InitLikeBios();
        _pic.SetIrq(5, true); _pic.Acknowledge();
        _pic.SetIrq(3, true); _pic.Acknowledge();
        _pic.Write(0x20, 0x65); // specific EOI, level 5
        _pic.Write(0x20, 0x0B);
        Assert.Equal(0x08, _pic.Read(0x20));
    }

    [Fact]
    public void Slave_request_goes_through_cascade_and_needs_two_eois()
    {
        InitLikeBios();
        _pic.SetIrq(14, true);
        Assert.True(_pic.Intr);
        Assert.Equal(0x76, _pic.Acknowledge());
        _pic.Write(0x20, 0x0B); _pic.Write(0xA0, 0x0B);
        Assert.Equal(0x04, _pic.Read(0x20));
        Assert.Equal(0x40, _pic.Read(0xA0));
        _pic.Write(0xA0, 0x20); _pic.Write(0x20, 0x20);
        Assert.Equal(0, _pic.Read(0x20));
        Assert.Equal(0, _pic.Read(0xA0));
    }

    [Fact]
    public void Edge_triggered_input_latches_one_request_per_rising_edge()
    {
        InitLikeBios();
        _pic.SetIrq(0, true);
        _pic.SetIrq(0, false);
        Assert.True(_pic.Intr);
        _pic.Acknowledge();
        _pic.Write(0x20, 0x20);
        Assert.False(_pic.Intr);
        _pic.SetIrq(0, true); _pic.SetIrq(0, true); // no new edge the second time
        _pic.Acknowledge();
        _pic.Write(0x20, 0x20);
        Assert.False(_pic.Intr);
    }

    [Fact]
    public void Level_triggered_input_requests_again_after_eoi_while_high()
    {
        _pic.Write(0x20, 0x19); _pic.Write(0x21, 0x08); _pic.Write(0x21, 0x04); _pic.Write(0x21, 0x01);
        _pic.Write(0x21, 0x00);
        _pic.SetIrq(5, true);
        Assert.Equal(0x0D, _pic.Acknowledge());
        _pic.Write(0x20, 0x20);
        Assert.True(_pic.Intr);
        _pic.SetIrq(5, false);
        Assert.False(_pic.Intr);
    }

    [Fact]
    public void Spurious_acknowledge_answers_irq7_vector_without_in_service_bit()
    {
        InitLikeBios();
        Assert.Equal(0x0F, _pic.Acknowledge());
        _pic.Write(0x20, 0x0B);
        Assert.Equal(0, _pic.Read(0x20));
    }

    [Fact]
    public void Automatic_eoi_leaves_isr_clear()
    {
        _pic.Write(0x20, 0x13); _pic.Write(0x21, 0x08); _pic.Write(0x21, 0x03);
        _pic.SetIrq(1, true);
        Assert.Equal(0x09, _pic.Acknowledge());
        _pic.Write(0x20, 0x0B);
        Assert.Equal(0, _pic.Read(0x20));
    }

    [Fact]
    public void Rotate_on_eoi_makes_the_served_level_lowest()
    {
        InitLikeBios();
        _pic.SetIrq(0, true); _pic.Acknowledge();
        _pic.Write(0x20, 0xA0); // rotate on non-specific EOI
        _pic.SetIrq(0, false); _pic.SetIrq(0, true);
        _pic.SetIrq(4, true);
        Assert.Equal(0x0C, _pic.Acknowledge()); // IR0 is now the lowest priority
    }

    [Fact]
    public void Poll_command_returns_level_and_acknowledges()
    {
        InitLikeBios();
        _pic.SetIrq(6, true);
        _pic.Write(0x20, 0x0C);
        Assert.Equal(0x86, _pic.Read(0x20));
        Assert.False(_pic.Intr);
        _pic.Write(0x20, 0x0C);
        Assert.Equal(0x00, _pic.Read(0x20));
    }

    [Fact]
    public void Icw1_clears_mask_and_requests()
    {
        InitLikeBios();
        _pic.Write(0x21, 0xFF);
        _pic.SetIrq(3, true);
        _pic.Write(0x20, 0x11);
        Assert.False(_pic.Master.Initialized);
        _pic.Write(0x21, 0x08); _pic.Write(0x21, 0x04); _pic.Write(0x21, 0x01);
        Assert.Equal(0x00, _pic.Read(0x21));
        Assert.False(_pic.Intr);
    }

    [Fact]
    public void Intr_line_follows_requests_and_acknowledges()
    {
        InitLikeBios();
        _pic.SetIrq(1, true);
        _pic.Acknowledge();
        _pic.Write(0x20, 0x20);
        Assert.Equal([true, false], _intr.Levels);
    }
}
