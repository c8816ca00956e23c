using Concord.Core.Memory;
using Concord.Devices.Dma;

namespace Concord.Devices.Tests.Dma;

public sealed class Dma8237Tests : IDisposable
{
    private readonly MemoryBlock _ram = new(0x100000);
    private readonly MemoryMap _map = new();
    private readonly Dma8237 _dma;

    public Dma8237Tests()
    {
        _map.MapRam(0, _ram, 0, _ram.Size);
        _dma = new Dma8237(new MemoryMapDmaMemory(_map));
    }

    public void Dispose()
    {
        _map.Dispose();
        _ram.Dispose();
    }

    /// <summary>What a BIOS does before a floppy transfer on channel 2.</summary>
    private void ProgramChannel2(byte mode, uint address, int length)
    {
        _dma.Write(0x0A, 0x06); // mask channel 2
        _dma.Write(0x0C, 0);
        _dma.Write(0x0B, mode);
        _dma.Write(0x04, (byte)address);
        _dma.Write(0x04, (byte)(address >> 8));
        _dma.Write(0x81, (byte)(address >> 16));
        _dma.Write(0x05, (byte)(length - 1));
        _dma.Write(0x05, (byte)((length - 1) >> 8));
        _dma.Write(0x0A, 0x02); // unmask
    }

    private static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)(i * 7 + 1);
        return bytes;
    }

    [Fact]
    public void Write_transfer_puts_device_bytes_at_page_and_address()
    {
        ProgramChannel2(0x46, 0x12340, 512);
        var data = Pattern(512);
        Assert.Equal(512, _dma.Transfer(2, data, DmaDirection.ToMemory));
        Assert.Equal(data, _ram.Span.Slice(0x12340, 512).ToArray());
        Assert.True(_dma.TerminalCount(2));
    }

    [Fact]
    public void Terminal_count_sets_status_bit_masks_channel_and_status_read_clears_it()
    {
        ProgramChannel2(0x46, 0x1000, 16);
        _dma.Transfer(2, new byte[16], DmaDirection.ToMemory);
        Assert.Equal(0x04, _dma.Read(0x08) & 0x0F);
        Assert.Equal(0x00, _dma.Read(0x08) & 0x0F);
        Assert.Equal(0x04, _dma.Read(0x0F) & 0x04);
        Assert.Equal(0, _dma.Transfer(2, new byte[16], DmaDirection.ToMemory));
    }

    [Fact]
    public void Transfer_stops_at_terminal_count()
    {
        ProgramChannel2(0x46, 0x2000, 100);
        Assert.Equal(100, _dma.Transfer(2, Pattern(512), DmaDirection.ToMemory));
        Assert.Equal(0, _ram.Span[0x2000 + 100]);
    }

    [Fact]
    public void Address_wraps_inside_its_64k_page()
    {
        ProgramChannel2(0x46, 0x1FFF0, 32);
        _dma.Transfer(2, Pattern(32), DmaDirection.ToMemory);
        Assert.Equal(Pattern(32)[..16], _ram.Span.Slice(0x1FFF0, 16).ToArray());
        Assert.Equal(Pattern(32)[16..], _ram.Span.Slice(0x10000, 16).ToArray());
        Assert.Equal(0, _ram.Span[0x20000]);
    }

    [Fact]
    public void Read_transfer_takes_bytes_from_memory()
    {
        Pattern(64).CopyTo(_ram.Span[0x3000..]);
        ProgramChannel2(0x4A, 0x3000, 64);
        var buffer = new byte[64];
        Assert.Equal(64, _dma.Transfer(2, buffer, DmaDirection.FromMemory));
        Assert.Equal(Pattern(64), buffer);
    }

    [Fact]
    public void Decrement_mode_walks_down()
    {
        ProgramChannel2(0x66, 0x4003, 4);
        _dma.Transfer(2, new byte[] { 1, 2, 3, 4 }, DmaDirection.ToMemory);
        Assert.Equal(new byte[] { 4, 3, 2, 1 }, _ram.Span.Slice(0x4000, 4).ToArray());
    }

    [Fact]
    public void Auto_initialize_reloads_and_keeps_channel_unmasked()
    {
        ProgramChannel2(0x56, 0x5000, 4);
        _dma.Transfer(2, new byte[] { 1, 2, 3, 4 }, DmaDirection.ToMemory);
        Assert.Equal(4, _dma.Transfer(2, new byte[] { 5, 6, 7, 8 }, DmaDirection.ToMemory));
        Assert.Equal(new byte[] { 5, 6, 7, 8 }, _ram.Span.Slice(0x5000, 4).ToArray());
    }

    [Fact]
    public void Verify_mode_counts_without_touching_memory()
    {
        ProgramChannel2(0x42, 0x6000, 8);
        Assert.Equal(8, _dma.Transfer(2, Pattern(8), DmaDirection.ToMemory));
        Assert.Equal(0, _ram.Span[0x6000]);
        Assert.True(_dma.TerminalCount(2));
    }

    [Fact]
    public void Masked_channel_moves_nothing()
    {
        ProgramChannel2(0x46, 0x7000, 8);
        _dma.Write(0x0A, 0x06);
        Assert.Equal(0, _dma.Transfer(2, Pattern(8), DmaDirection.ToMemory));
    }

    [Fact]
    public void Disabled_controller_moves_nothing()
    {
        ProgramChannel2(0x46, 0x7000, 8);
        _dma.Write(0x08, 0x04);
        Assert.Equal(0, _dma.Transfer(2, Pattern(8), DmaDirection.ToMemory));
    }

    [Fact]
    public void Current_address_and_count_read_back_through_the_flip_flop()
    {
        ProgramChannel2(0x46, 0x18000, 0x200);
        _dma.Transfer(2, new byte[0x10], DmaDirection.ToMemory);
        _dma.Write(0x0C, 0);
        Assert.Equal(0x10, _dma.Read(0x04));
        Assert.Equal(0x80, _dma.Read(0x04));
        Assert.Equal(0xEF, _dma.Read(0x05));
        Assert.Equal(0x01, _dma.Read(0x05));
        Assert.Equal(0x01, _dma.Read(0x81));
    }

    [Fact]
    public void Master_clear_masks_every_channel_and_clear_masks_unmasks_them()
    {
        _dma.Write(0x0E, 0);
        Assert.Equal(0xF0, _dma.Read(0x0F));
        _dma.Write(0x0D, 0);
        Assert.Equal(0xFF, _dma.Read(0x0F));
        _dma.Write(0x0F, 0x05);
        Assert.Equal(0xF5, _dma.Read(0x0F));
    }

    [Fact]
    public void Direction_mismatch_is_a_verify()
    {
        ProgramChannel2(0x4A, 0x9000, 4); // programmed to read memory
        Assert.Equal(4, _dma.Transfer(2, new byte[] { 9, 9, 9, 9 }, DmaDirection.ToMemory));
        Assert.Equal(0, _ram.Span[0x9000]);
    }
}
