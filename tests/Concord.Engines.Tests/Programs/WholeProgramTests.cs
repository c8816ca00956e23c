using Concord.Core.Cpu;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Engines.Tests.Programs;

/// <summary>Real 8086 programs, assembled in the test, whose results are computed independently in C#.</summary>
public abstract class WholeProgramTests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    [Theory]
    [InlineData(CpuModel.I8086, 2)]
    [InlineData(CpuModel.I8086, 10)]
    [InlineData(CpuModel.I8086, 1000)]
    [InlineData(CpuModel.I8086, 20000)]
    [InlineData(CpuModel.I80286, 20000)]
    [InlineData(CpuModel.I80386, 20000)]
    public void Sieve_of_Eratosthenes_counts_the_primes_below_n(CpuModel model, int n)
    {
        using var m = new TestMachine(Engine, model);
        var a = new Assembler(16);
        Label outer = a.CreateLabel(), inner = a.CreateLabel(), next = a.CreateLabel(),
              count = a.CreateLabel(), sum = a.CreateLabel();
        a.cld();
        a.xor(di, di);
        a.mov(cx, (ushort)n);
        a.mov(al, 1);
        a.rep.stosb();                          // every number is a candidate
        a.mov(__byte_ptr[0], 0);
        a.mov(__byte_ptr[1], 0);
        a.mov(si, 2);
        a.Label(ref outer);
        a.mov(ax, si);
        a.mul(si);                              // AX = SI * SI
        a.cmp(ax, (ushort)n);
        a.jae(count);
        a.cmp(__byte_ptr[si], 0);
        a.je(next);
        a.mov(bx, ax);
        a.Label(ref inner);
        a.mov(__byte_ptr[bx], 0);               // strike the multiples from SI * SI on
        a.add(bx, si);
        a.cmp(bx, (ushort)n);
        a.jb(inner);
        a.Label(ref next);
        a.inc(si);
        a.jmp(outer);
        a.Label(ref count);
        a.xor(si, si);
        a.mov(cx, (ushort)n);
        a.xor(dx, dx);
        a.xor(ax, ax);
        a.Label(ref sum);
        a.lodsb();
        a.add(dx, ax);
        a.loop(sum);
        a.mov(ax, dx);
        a.@out(RecordingPortBus.ResultPort, ax);
        a.hlt();
        m.Load(a);
        m.Start();

        m.RunToHalt();

        int expected = Enumerable.Range(0, n).Count(IsPrime);
        Assert.Equal([(ushort)expected], m.Ports.Results);
        byte[] table = m.ReadBytes(TestMachine.DataSegment, 0, n);
        for (int i = 0; i < n; i++)
            Assert.True(table[i] == (IsPrime(i) ? 1 : 0), $"sieve entry {i} is {table[i]}, but {i} is {(IsPrime(i) ? "" : "not ")}prime");
    }

    private static bool IsPrime(int k)
    {
        if (k < 2) return false;
        for (int d = 2; d * d <= k; d++)
            if (k % d == 0) return false;
        return true;
    }

    [Fact]
    public void Crc16_ccitt_of_the_check_string_is_29B1()
    {
        byte[] check = "123456789"u8.ToArray();
        Assert.Equal(0x29B1, Crc16Ccitt(check)); // the catalogued check value of CRC-16/CCITT-FALSE
        Assert.Equal([(ushort)0x29B1], RunCrcProgram(check));
    }

    [Theory]
    [InlineData(CpuModel.I8086, 1, 1)]
    [InlineData(CpuModel.I8086, 1000, 2)]
    [InlineData(CpuModel.I8086, 4096, 3)]
    [InlineData(CpuModel.I80286, 4096, 4)]
    [InlineData(CpuModel.I80386, 4096, 5)]
    public void Crc16_ccitt_over_a_buffer_matches_the_reference(CpuModel model, int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        Assert.Equal([Crc16Ccitt(data)], RunCrcProgram(data, model));
    }

    [Fact]
    public void Crc16_of_an_empty_buffer_is_the_initial_value()
    {
        Assert.Equal([(ushort)0xFFFF], RunCrcProgram([]));
    }

    private ushort[] RunCrcProgram(byte[] data, CpuModel model = CpuModel.I8086)
    {
        const ushort buffer = 0x0100;
        using var m = new TestMachine(Engine, model);
        m.WriteBytes(TestMachine.DataSegment, buffer, data);
        var a = new Assembler(16);
        Label byteLoop = a.CreateLabel(), bitLoop = a.CreateLabel(), noXor = a.CreateLabel(), done = a.CreateLabel();
        a.mov(si, buffer);
        a.mov(cx, (ushort)data.Length);
        a.mov(dx, 0xFFFF);
        a.cld();
        a.jcxz(done);
        a.Label(ref byteLoop);
        a.lodsb();
        a.xor(dh, al);
        a.mov(bl, 8);
        a.Label(ref bitLoop);
        a.shl(dx, 1);
        a.jnc(noXor);
        a.xor(dx, 0x1021);
        a.Label(ref noXor);
        a.dec(bl);
        a.jnz(bitLoop);
        a.loop(byteLoop);
        a.Label(ref done);
        a.mov(ax, dx);
        a.@out(RecordingPortBus.ResultPort, ax);
        a.hlt();
        m.Load(a);
        m.Start();
        m.RunToHalt();
        return m.Ports.Results.ToArray();
    }

    /// <summary>CRC-16/CCITT-FALSE: polynomial 1021h, initial FFFFh, most significant bit first, no final XOR.</summary>
    private static ushort Crc16Ccitt(byte[] data)
    {
        int crc = 0xFFFF;
        foreach (byte b in data)
        {
            crc ^= b << 8;
            for (int bit = 0; bit < 8; bit++)
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            crc &= 0xFFFF;
        }
        return (ushort)crc;
    }

    [Theory]
    [InlineData(false, false, 301)]
    [InlineData(false, true, 301)]
    [InlineData(true, false, 150)]
    [InlineData(true, true, 150)]
    [InlineData(false, false, 0)]
    public void Rep_movs_copies_exactly_the_block_in_either_direction(bool words, bool backward, int count)
    {
        const ushort source = 0x0100, destinationSegment = 0x4000, destination = 0x0200;
        int size = words ? 2 : 1;
        int bytes = count * size;
        using var m = new TestMachine(Engine);
        byte[] pattern = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7 + 3)).ToArray();
        m.WriteBytes(TestMachine.DataSegment, source, pattern);
        m.WriteBytes(destinationSegment, destination - 4, Enumerable.Repeat((byte)0xCC, bytes + 8).ToArray());

        // Backwards, SI and DI start at the last element and step down.
        ushort start = (ushort)(backward && count > 0 ? bytes - size : 0);
        var a = new Assembler(16);
        a.mov(ax, destinationSegment);
        a.mov(es, ax);
        a.mov(si, (ushort)(source + start));
        a.mov(di, (ushort)(destination + start));
        a.mov(cx, (ushort)count);
        if (backward) a.std(); else a.cld();
        if (words) a.rep.movsw(); else a.rep.movsb();
        a.hlt();
        m.Load(a);
        m.Start();

        m.RunToHalt();

        Assert.Equal(pattern[..bytes], m.ReadBytes(destinationSegment, destination, bytes));
        Assert.Equal(new byte[] { 0xCC, 0xCC, 0xCC, 0xCC }, m.ReadBytes(destinationSegment, destination - 4, 4));
        Assert.Equal(new byte[] { 0xCC, 0xCC, 0xCC, 0xCC }, m.ReadBytes(destinationSegment, (ushort)(destination + bytes), 4));
        CpuState s = m.State;
        int step = backward ? -bytes : bytes;
        Assert.Equal(0, s.CX);
        Assert.Equal((ushort)(source + start + step), s.SI);
        Assert.Equal((ushort)(destination + start + step), s.DI);
        Assert.Equal(backward, (s.Flags & (ushort)CpuFlags.DF) != 0);
    }

    [Fact]
    public void Rep_movsb_onto_the_next_byte_repeats_the_first_byte_as_the_8086_does()
    {
        // Each byte is read after the previous one was written: the classic fill trick, which a
        // block copy (memmove) inside the interpreter would get wrong.
        using var m = new TestMachine(Engine);
        byte[] pattern = Enumerable.Range(0, 64).Select(i => (byte)(i + 0x40)).ToArray();
        m.WriteBytes(TestMachine.DataSegment, 0x100, pattern);
        var a = new Assembler(16);
        a.mov(si, 0x100);
        a.mov(di, 0x101);
        a.mov(cx, 63);
        a.cld();
        a.rep.movsb();
        a.hlt();
        m.Load(a);
        m.Start();

        m.RunToHalt();

        Assert.Equal(Enumerable.Repeat((byte)0x40, 64).ToArray(), m.ReadBytes(TestMachine.DataSegment, 0x100, 64));
    }

    [Fact]
    public void Std_rep_movsw_moves_an_overlapping_block_up_like_memmove()
    {
        using var m = new TestMachine(Engine);
        byte[] pattern = Enumerable.Range(0, 200).Select(i => (byte)(i * 13 + 1)).ToArray();
        m.WriteBytes(TestMachine.DataSegment, 0x100, pattern);
        var a = new Assembler(16);
        a.mov(si, 0x100 + 198);                 // last word of the source
        a.mov(di, 0x106 + 198);                 // last word of the destination, 6 bytes higher
        a.mov(cx, 100);
        a.std();
        a.rep.movsw();
        a.cld();
        a.hlt();
        m.Load(a);
        m.Start();

        m.RunToHalt();

        byte[] expected = new byte[206];
        pattern.CopyTo(expected, 0);
        Array.Copy(pattern, 0, expected, 6, 200); // Array.Copy handles the overlap as memmove does
        Assert.Equal(expected, m.ReadBytes(TestMachine.DataSegment, 0x100, 206));
    }

    [Theory]
    [InlineData(CpuModel.I8086)]
    [InlineData(CpuModel.I80286)]
    public void Nested_calls_and_software_interrupts_return_in_order_with_the_stack_balanced(CpuModel model)
    {
        const ushort farSegment = 0x1800;
        using var m = new TestMachine(Engine, model);

        // A second code segment: a far subroutine and the INT 61h handler with a near helper.
        var f = new Assembler(16);
        Label farSub = f.CreateLabel(), handler61 = f.CreateLabel(), helper = f.CreateLabel();
        f.Label(ref farSub);
        f.mov(al, (byte)'c');
        f.@out(RecordingPortBus.DebugPort, al);
        f.retf();
        f.Label(ref handler61);
        f.mov(__word_ptr[0x16], sp);            // SP as the handler found it
        f.pushf();
        f.pop(ax);
        f.mov(__word_ptr[0x18], ax);            // FLAGS inside the handler
        f.mov(al, (byte)'e');
        f.@out(RecordingPortBus.DebugPort, al);
        f.push(bx);
        f.mov(bx, 0x5555);
        f.call(helper);
        f.pop(bx);
        f.iret();
        f.Label(ref helper);
        f.mov(al, (byte)'f');
        f.@out(RecordingPortBus.DebugPort, al);
        f.ret();
        Assembled far = m.Load(f, farSegment, 0);

        var a = new Assembler(16);
        Label sub1 = a.CreateLabel(), handler60 = a.CreateLabel(), afterInt60 = a.CreateLabel(), afterInt61 = a.CreateLabel();
        a.mov(bx, 0x1234);
        a.sti();
        a.mov(al, (byte)'a');
        a.@out(RecordingPortBus.DebugPort, al);
        a.call(sub1);
        a.call(farSegment, far.Ip(farSub));
        a.@int(0x60);
        a.Label(ref afterInt60);
        a.mov(al, (byte)'h');
        a.@out(RecordingPortBus.DebugPort, al);
        a.pushf();
        a.pop(ax);
        a.mov(__word_ptr[0x12], ax);            // FLAGS after the IRETs
        a.mov(__word_ptr[0x14], sp);            // SP after everything returned
        a.hlt();
        a.Label(ref sub1);
        a.mov(al, (byte)'b');
        a.@out(RecordingPortBus.DebugPort, al);
        a.ret();
        a.Label(ref handler60);
        a.mov(al, (byte)'d');
        a.@out(RecordingPortBus.DebugPort, al);
        a.@int(0x61);
        a.Label(ref afterInt61);
        a.mov(al, (byte)'g');
        a.@out(RecordingPortBus.DebugPort, al);
        a.iret();
        Assembled main = m.Load(a);
        m.SetVector(0x60, TestMachine.CodeSegment, main.Ip(handler60));
        m.SetVector(0x61, farSegment, far.Ip(handler61));
        m.Start();

        m.RunToHalt();

        Assert.Equal("abcdefgh", m.Ports.Text);
        Assert.Equal(0x1234, m.State.BX);
        Assert.Equal(TestMachine.StackTop, m.Data16(0x14));
        Assert.Equal(TestMachine.StackTop, m.State.SP);
        // INT 61h ran with both interrupt frames on the stack, 6 bytes each.
        const ushort outer = TestMachine.StackTop - 6, innerFrame = TestMachine.StackTop - 12;
        Assert.Equal(innerFrame, m.Data16(0x16));
        Assert.Equal(main.Ip(afterInt61), m.Stack16(innerFrame));
        Assert.Equal(TestMachine.CodeSegment, m.Stack16(innerFrame + 2));
        Assert.Equal(0, m.Stack16(innerFrame + 4) & (ushort)(CpuFlags.IF | CpuFlags.TF)); // INT 60h had cleared IF
        Assert.Equal(main.Ip(afterInt60), m.Stack16(outer));
        Assert.Equal(TestMachine.CodeSegment, m.Stack16(outer + 2));
        Assert.NotEqual(0, m.Stack16(outer + 4) & (ushort)CpuFlags.IF);
        Assert.Equal(0, m.Data16(0x18) & (ushort)CpuFlags.IF);  // inside a handler IF is clear
        Assert.NotEqual(0, m.Data16(0x12) & (ushort)CpuFlags.IF); // and IRET gave it back
    }
}

/// <summary>WholeProgramTests on the interpreter.</summary>
public sealed class WholeProgramTestsOnInterp() : WholeProgramTests(EngineKind.Interp);

/// <summary>WholeProgramTests on the translator, every region compiled at once.</summary>
public sealed class WholeProgramTestsOnJit() : WholeProgramTests(EngineKind.Jit);
