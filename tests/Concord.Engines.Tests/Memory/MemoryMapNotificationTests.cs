using Concord.Core.Cpu;
using Concord.Core.Memory;
using Concord.Engines.Tests.Programs;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Engines.Tests.Memory;

/// <summary>
/// What a translating engine learns from the memory map: pages mapped, unmapped, swapped, A20, and
/// guest writes to pages it marked as holding code, whichever path the write takes.
/// </summary>
public sealed class MemoryMapNotificationTests
{
    private const int Page = MemoryMap.PageSize;

    [Fact]
    public void Mapping_unmapping_swapping_and_A20_are_reported_with_their_pages()
    {
        using var ram = new MemoryBlock(4 * Page);
        using var map = new MemoryMap();
        var seen = new List<MemoryMapChange>();
        map.Changed += seen.Add;

        map.MapRam(0x10000, ram, 0, 2 * Page);
        map.MapRom(0xF0000, ram, 2 * Page, Page);
        map.SetPage(0x12, map.GetPage(0x10));
        map.Unmap(0x10000, Page);
        map.A20 = false;
        map.A20 = false; // no change, no event
        map.WrittenElsewhere(0x90, 16);
        map.WrittenElsewhere(0x90, 0); // a gate without a window: nothing written, nothing reported

        Assert.Equal(
        [
            new MemoryMapChange(MemoryMapChangeKind.Mapped, 0x10, 2),
            new MemoryMapChange(MemoryMapChangeKind.Mapped, 0xF0, 1),
            new MemoryMapChange(MemoryMapChangeKind.Swapped, 0x12, 1),
            new MemoryMapChange(MemoryMapChangeKind.Unmapped, 0x10, 1),
            new MemoryMapChange(MemoryMapChangeKind.A20, 0, MemoryMap.PageCount),
            new MemoryMapChange(MemoryMapChangeKind.WrittenElsewhere, 0x90, 16),
        ], seen);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_window_lent_and_given_back_is_one_change_each_way_and_the_A20_alias_follows_it(bool a20)
    {
        using var ram = new MemoryBlock(0x110 * Page);
        using var map = new MemoryMap();
        map.MapRam(0, ram, 0, 0x110 * Page);
        for (int p = 0; p < 0x110; p++) ram.Span[p * Page] = (byte)p;
        map.A20 = a20;
        var seen = new List<MemoryMapChange>();
        map.Changed += seen.Add;

        var saved = new MemoryMap.Page[4];
        var lent = new MemoryMap.Page[4];
        map.GetPages(0x00, saved);
        map.GetPages(0x20, lent);
        map.SetPages(0x00, lent);
        byte[] seenThere = [map.Read8(0x0000), map.Read8(0x3000), map.Read8(0x100000), map.Read8(0x103000)];
        map.A20 = !a20;
        byte[] afterSwitch = [map.Read8(0x0000), map.Read8(0x100000)];
        map.A20 = a20;
        map.SetPages(0x00, saved);
        map.SetPages(0x00, []); // nothing to do, nothing reported

        Assert.Equal(new byte[] { 0x20, 0x23, (byte)(a20 ? 0x00 : 0x20), (byte)(a20 ? 0x03 : 0x23) }, seenThere);
        Assert.Equal(new byte[] { 0x20, (byte)(a20 ? 0x20 : 0x00) }, afterSwitch);
        Assert.Equal(0x00, map.Read8(0x0000));
        Assert.Equal(0x00, map.Read8(0x100000)); // page 100h (A20 on) or page 0 given back (off)
        Assert.Equal(
        [
            new MemoryMapChange(MemoryMapChangeKind.Swapped, 0x00, 4),
            new MemoryMapChange(MemoryMapChangeKind.A20, 0, MemoryMap.PageCount),
            new MemoryMapChange(MemoryMapChangeKind.A20, 0, MemoryMap.PageCount),
            new MemoryMapChange(MemoryMapChangeKind.Swapped, 0x00, 4),
        ], seen);
        Assert.Throws<ArgumentOutOfRangeException>(() => map.SetPages(MemoryMap.PageCount - 2, lent));
    }

    [Fact]
    public void A_write_to_a_code_page_reaches_memory_and_is_counted_and_reported_while_other_pages_stay_silent()
    {
        using var ram = new MemoryBlock(4 * Page);
        using var map = new MemoryMap();
        map.MapRam(0, ram, 0, 4 * Page);
        var written = new List<uint>();
        map.CodeWritten += written.Add;

        map.Write8(0x1010, 0x11); // not marked: no report
        map.MarkCode(1);
        Assert.True(map.IsCode(1));
        map.Write8(0x1020, 0x22);
        map.Write8(0x1FFF, 0x33);
        map.Write8(0x2000, 0x44); // the next page is not marked
        map.UnmarkCode(1);
        map.Write8(0x1030, 0x55);

        Assert.Equal([0x1020u, 0x1FFFu], written);
        Assert.Equal(2, map.CodeWrites(1));
        Assert.Equal((0x11, 0x22, 0x33, 0x44, 0x55), (map.Read8(0x1010), map.Read8(0x1020), map.Read8(0x1FFF), map.Read8(0x2000), map.Read8(0x1030)));
        Assert.Equal(0, map.DroppedWrites);
    }

    [Fact]
    public void With_A20_off_a_write_through_the_alias_above_1_MiB_reaches_the_marked_page_and_is_reported()
    {
        using var ram = new MemoryBlock(0x100000);
        using var map = new MemoryMap();
        map.MapRam(0, ram, 0, 0x100000);
        map.A20 = false;
        map.MarkCode(0x00);
        var written = new List<uint>();
        map.CodeWritten += written.Add;

        map.Write8(0x100005, 0x5A); // FFFF:0015 wraps to 0000:0005

        Assert.Equal([0x100005u], written);
        Assert.Equal(0x5A, map.Read8(0x000005));
        Assert.True(map.IsCode(0x100)); // the alias reaches the marked page
        Assert.Equal(1, map.CodeWrites(0x100));
    }

    [Fact]
    public void Writes_to_ROM_are_still_dropped_when_nothing_is_marked_and_when_the_page_is_marked()
    {
        using var rom = new MemoryBlock(Page);
        using var map = new MemoryMap();
        map.MapRom(0xF0000, rom, 0, Page);
        map.Write8(0xF0000, 1);
        map.MarkCode(0xF0);
        map.Write8(0xF0001, 2);
        Assert.Equal((2L, 0xFF, 0), (map.DroppedWrites, map.Read8(0xF0001) == 0 ? 0xFF : 0, rom.Span[1]));
    }

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void A_program_patching_its_own_immediate_runs_the_patched_code_and_every_patch_is_reported(CpuModel model)
    {
        // The loop adds the immediate of "add ax, imm16" to AX, then increments that immediate in
        // the code itself: AX = 1 + 2 + ... + 10 only if each pass runs the patched instruction.
        using var m = new TestMachine(EngineKind.Interp, model);
        // Two passes: the layout does not depend on the INC's displacement, so the first pass finds the immediate.
        ushort immediate = (ushort)(m.Load(SelfPatching(0)).Ip(_patched) + 1);
        m.Load(SelfPatching(immediate));
        m.WriteBytes(TestMachine.CodeSegment, immediate, BitConverter.GetBytes((ushort)1));
        m.Start();
        int codePage = (int)(TestMachine.Physical(TestMachine.CodeSegment, TestMachine.CodeOrigin) >> MemoryMap.PageShift);
        m.Map.MarkCode(codePage);
        var written = new List<uint>();
        m.Map.CodeWritten += written.Add;

        m.RunToHalt();

        Assert.Equal(55, m.Cpu.GetState().AX);
        Assert.Equal(20, written.Count); // each INC writes the word's two bytes
        Assert.All(written, w => Assert.InRange(w, TestMachine.Physical(TestMachine.CodeSegment, immediate), TestMachine.Physical(TestMachine.CodeSegment, (ushort)(immediate + 1))));
    }

    private Label _patched;

    private Assembler SelfPatching(ushort immediate)
    {
        var a = new Assembler(16);
        _patched = a.CreateLabel();
        a.xor(ax, ax);
        a.mov(cx, 10);
        a.Label(ref _patched);
        a.add(ax, 0x1234);                  // 05 34 12: the immediate is at the label + 1
        a.inc(__word_ptr.cs[immediate]);    // the next pass adds one more
        a.loop(_patched);
        a.hlt();
        return a;
    }

    [Fact]
    public void Rep_movsb_into_a_code_page_writes_every_byte_one_by_one_through_the_reporting_path()
    {
        using var m = new TestMachine(EngineKind.Interp);
        const ushort source = 0x0400, target = 0x0800, count = 300;
        m.WriteBytes(TestMachine.DataSegment, source, Enumerable.Range(0, count).Select(i => (byte)(i * 7)).ToArray());
        var a = new Assembler(16);
        a.cld();
        a.mov(si, source);
        a.mov(di, target);
        a.mov(cx, count);
        a.rep.movsb();
        a.hlt();
        m.Load(a);
        m.Start();
        int first = (int)(TestMachine.Physical(TestMachine.DataSegment, target) >> MemoryMap.PageShift);
        m.Map.MarkCode(first);
        var written = new List<uint>();
        m.Map.CodeWritten += written.Add;

        m.RunToHalt();

        uint start = TestMachine.Physical(TestMachine.DataSegment, target);
        Assert.Equal(Enumerable.Range(0, count).Select(i => start + (uint)i), written);
        for (int i = 0; i < count; i++) Assert.Equal((byte)(i * 7), m.Map.Read8(start + (uint)i));
    }

    [Fact]
    public void Dma_style_writes_through_the_map_are_reported_too()
    {
        using var ram = new MemoryBlock(2 * Page);
        using var map = new MemoryMap();
        map.MapRam(0, ram, 0, 2 * Page);
        map.MarkCode(0);
        int reports = 0;
        map.CodeWritten += _ => reports++;
        for (uint i = 0; i < 512; i++) map.Write8(0x200 + i, (byte)i); // what MemoryMapDmaMemory does for a sector
        Assert.Equal(512, reports);
        Assert.Equal(512, map.CodeWrites(0));
    }
}
