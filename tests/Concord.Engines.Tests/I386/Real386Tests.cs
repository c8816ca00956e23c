using Concord.Core.Cpu;
using Concord.Engines.Tests.Programs;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Engines.Tests.I386;

/// <summary>
/// The 80386 in real mode where test386 does not look: how programs tell it from a 286 and a 486,
/// unreal mode, a coprocessor that is not there, the A20 gate switched by a port, and what the
/// monitor's hooks see.
/// </summary>
public abstract class Real386Tests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    private TestMachine Machine() => new(Engine, CpuModel.I80386);

    /// <summary>Loads <paramref name="body"/> then HLT at 1000:0100 and runs it to the HLT.</summary>
    private static void Run(TestMachine m, Action<Assembler> body, bool checkFeatures = true)
    {
        var a = new Assembler(16);
        body(a);
        a.hlt();
        m.Load(a, checkFeatures: checkFeatures);
        m.Start();
        m.RunToHalt(10_000);
    }

    [Fact]
    public void Popf_sets_IOPL_and_NT_in_real_mode_as_a_286_cannot()
    {
        using var m = Machine();
        Run(m, a =>
        {
            a.push((ushort)0x7002);
            a.popf();
            a.pushf();
            a.pop(ax);
        });
        Assert.Equal(0x7002, m.State.AX); // IOPL 3 and NT read back; bit 15 stays clear
    }

    [Fact]
    public void The_alignment_check_flag_cannot_be_set_as_on_a_486_and_cpuid_is_invalid()
    {
        using var m = Machine();
        Run(m, a =>
        {
            a.pushfd();
            a.pop(eax);
            a.or(eax, 0x40000);                 // AC, bit 18: a 486 keeps it
            a.push(eax);
            a.popfd();
            a.pushfd();
            a.pop(ebx);
        });
        Assert.Equal(0u, m.State.EBX & 0x40000);

        using var n = Machine();
        n.Write16(0, 6 * 4, 0x0800);            // #UD handler at 1000:0800: HLT
        n.Write16(0, 6 * 4 + 2, TestMachine.CodeSegment);
        n.Write8(TestMachine.CodeSegment, 0x0800, 0xF4);
        n.WriteBytes(TestMachine.CodeSegment, TestMachine.CodeOrigin, [0x0F, 0xA2, 0xF4]); // CPUID (a 486 DX4's and later's)
        n.Start();
        n.RunToHalt(100);
        Assert.Equal(0x0801, n.State.IP);
        Assert.Equal(TestMachine.CodeOrigin, n.Stack16(TestMachine.StackTop - 6));
    }

    [Fact]
    public void A_word_at_offset_FFFF_raises_int_13_as_the_limit_is_FFFF()
    {
        using var m = Machine();
        m.SetVector(13, TestMachine.CodeSegment, 0x0800);
        m.Write8(TestMachine.CodeSegment, 0x0800, 0xF4);
        Run(m, a => a.mov(eax, __dword_ptr[0xFFFD]), checkFeatures: true);
        Assert.Equal(0x0801, m.State.IP);
        Assert.Equal(TestMachine.CodeOrigin, m.Stack16(TestMachine.StackTop - 6));
    }

    /// <summary>
    /// "Unreal" mode: a data segment loaded in protected mode with a 4 GiB limit keeps it back in
    /// real mode, so 32-bit offsets reach above 1 MiB (how HIMEM-style code copies); without it the
    /// same access is a #GP.
    /// </summary>
    [Fact]
    public void A_segment_limit_loaded_in_protected_mode_stays_in_real_mode()
    {
        using var m = Machine();
        // GDT at 2000:0000 (physical 20000h): null, then a flat 4 GiB data segment.
        m.WriteBytes(TestMachine.DataSegment, 0x0000, new byte[8]);
        m.WriteBytes(TestMachine.DataSegment, 0x0008, [0xFF, 0xFF, 0x00, 0x00, 0x00, 0x92, 0xCF, 0x00]);
        m.Write16(TestMachine.DataSegment, 0x0010, 0x000F);           // LGDT operand: limit, base
        m.Write16(TestMachine.DataSegment, 0x0012, 0x0000);
        m.Write16(TestMachine.DataSegment, 0x0014, 0x0002);
        m.Map.Write8(0x100123, 0x5A);                                  // above 1 MiB
        Run(m, a =>
        {
            a.lgdt(__[0x10]);
            a.mov(eax, cr0);
            a.or(al, 1);
            a.mov(cr0, eax);
            a.mov(bx, 0x08);
            a.mov(fs, bx);                                             // a 4 GiB limit into FS's cache
            a.and(al, 0xFE);
            a.mov(cr0, eax);
            a.xor(bx, bx);
            a.mov(fs, bx);                                             // real mode: base 0, the limit stays
            a.mov(esi, 0x100123);
            a.mov(cl, __byte_ptr.fs[esi]);
        });
        Assert.Equal(0x5A, m.State.CX & 0xFF);
        Assert.Equal(0xFFFF_FFFFu, m.State.FsCache.Limit);

        using var plain = Machine();
        plain.SetVector(13, TestMachine.CodeSegment, 0x0800);
        plain.Write8(TestMachine.CodeSegment, 0x0800, 0xF4);
        Run(plain, a =>
        {
            a.mov(esi, 0x100123);
            a.mov(cl, __byte_ptr.fs[esi]);
        });
        Assert.Equal(0x0801, plain.State.IP);                         // #GP: the real-mode limit is FFFFh
    }

    [Fact]
    public void Esc_without_a_coprocessor_stores_nothing_and_faults_7_when_CR0_EM_is_set()
    {
        using var m = Machine();
        m.Write16(TestMachine.DataSegment, 0x40, 0x5A5A);
        Run(m, a =>
        {
            a.fninit();
            a.fnstsw(__word_ptr[0x40]);                               // the classic test: no FPU leaves 5A5Ah
        }, checkFeatures: false);
        Assert.Equal(0x5A5A, m.Data16(0x40));

        using var em = Machine();
        em.SetVector(7, TestMachine.CodeSegment, 0x0800);
        em.Write8(TestMachine.CodeSegment, 0x0800, 0xF4);
        Run(em, a =>
        {
            a.mov(eax, cr0);
            a.or(al, 4);                                              // EM: emulate the coprocessor
            a.mov(cr0, eax);
            a.fninit();
        }, checkFeatures: false);
        Assert.Equal(0x0801, em.State.IP);
    }

    /// <summary>The memory map's A20 switched by a port in the middle of a run: the next access wraps at 1 MiB (the 386's TLB is flushed).</summary>
    [Fact]
    public void A20_switched_by_a_port_takes_effect_at_the_next_access()
    {
        using var m = Machine();
        m.Ports.OnOut = (port, value) => { if (port == 0x92) m.Map.A20 = (value & 2) != 0; };
        m.Map.Write8(0x000050, 0x11);
        m.Map.Write8(0x100050, 0x22);
        Run(m, a =>
        {
            a.mov(ax, 0xFFFF);
            a.mov(es, ax);
            a.mov(bl, __byte_ptr.es[0x60]);                           // FFFF:0060 = 100050h
            a.mov(al, 0);
            a.@out(0x92, al);                                          // A20 off
            a.mov(bh, __byte_ptr.es[0x60]);                           // now 000050h
            a.mov(al, 2);
            a.@out(0x92, al);                                          // A20 on
            a.mov(cl, __byte_ptr.es[0x60]);
        });
        Assert.Equal(0x1122, m.State.BX);
        Assert.Equal(0x22, m.State.CX & 0xFF);
    }

    [Fact]
    public void A_watched_int_exits_before_it_is_delivered_and_delivers_when_asked()
    {
        using var m = Machine();
        m.Cpu.WatchVector(0x21, true);
        m.SetVector(0x21, TestMachine.CodeSegment, 0x0800);
        m.Write8(TestMachine.CodeSegment, 0x0800, 0xF4);
        var a = new Assembler(16);
        a.mov(eax, 0x12345678);
        a.@int(0x21);
        a.hlt();
        m.Load(a);
        m.Start();

        RunResult result = m.Cpu.Run(100);
        Assert.Equal(ExitReason.WatchedInterrupt, result.Reason);
        Assert.Equal(0x21, m.Cpu.LastExit.Vector);
        Assert.Equal(TestMachine.CodeOrigin + 8, m.State.IP);        // after the INT
        m.Cpu.DeliverInterrupt(0x21);
        Assert.Equal(0x0800, m.State.IP);
        Assert.Equal(0x12345678u, m.State.EAX);
    }

    [Fact]
    public void Lock_before_an_instruction_that_cannot_be_locked_is_invalid()
    {
        using var m = Machine();
        m.SetVector(6, TestMachine.CodeSegment, 0x0800);
        m.Write8(TestMachine.CodeSegment, 0x0800, 0xF4);
        m.WriteBytes(TestMachine.CodeSegment, TestMachine.CodeOrigin, [0xF0, 0x00, 0x07, 0xF0, 0x89, 0x07, 0xF4]); // LOCK ADD [BX],AL; LOCK MOV [BX],AX
        m.Start();
        m.RunToHalt(100);
        Assert.Equal(0x0801, m.State.IP);
        Assert.Equal(TestMachine.CodeOrigin + 3, m.Stack16(TestMachine.StackTop - 6)); // the MOV faulted, the ADD ran
    }
    /// <summary>
    /// Issue 12 on the 386: an INT whose vector lies beyond the real-mode table's limit (LIDT) raises
    /// #GP; if #GP's vector lies beyond too, that is a fault while delivering a fault: a double fault
    /// (INT 8); if that one cannot be delivered either, the CPU shuts down.
    /// </summary>
    [Theory]
    [InlineData((ushort)0x3F, 13)]  // vectors 0-15: the #GP handler runs
    [InlineData((ushort)0x27, 8)]   // vectors 0-9: #GP cannot be delivered, the double fault can
    public void Int_beyond_the_interrupt_table_limit_raises_gp_and_escalates(ushort limit, int handled)
    {
        using var m = Machine();
        m.Write16(TestMachine.DataSegment, 0x40, limit);
        foreach (byte v in (byte[])[8, 13])
        {
            ushort at = (ushort)(0x0800 + v * 16);
            m.SetVector(v, TestMachine.CodeSegment, at);
            // MOV BYTE [60h], v; HLT
            m.WriteBytes(TestMachine.CodeSegment, at, [0xC6, 0x06, 0x60, 0x00, v, 0xF4]);
        }
        var a = new Assembler(16);
        Label intAt = a.CreateLabel();
        a.lidt(__[0x40]);
        a.Label(ref intAt);
        a.@int(0x21);
        a.hlt();
        Assembled program = m.Load(a);
        m.Start();

        m.RunToHalt(100);

        Assert.Equal(handled, m.Read8(TestMachine.DataSegment, 0x60));
        Assert.Equal(program.Ip(intAt), m.Stack16(TestMachine.StackTop - 6)); // the INT restarts
        Assert.Equal(TestMachine.StackTop - 6, m.State.SP);                     // one frame: the failed deliveries pushed nothing
    }

    [Fact]
    public void Int_with_no_table_for_it_nor_for_gp_nor_for_the_double_fault_shuts_down()
    {
        using var m = Machine();
        m.Write16(TestMachine.DataSegment, 0x40, 0x22);                      // vector 8's entry is one byte short
        var a = new Assembler(16);
        a.lidt(__[0x40]);
        a.@int(0x21);
        a.hlt();
        m.Load(a);
        m.Start();

        RunResult result = m.Cpu.Run(100);

        Assert.Equal(ExitReason.Shutdown, result.Reason);
        Assert.Equal(TestMachine.CodeOrigin + 5, m.State.IP);                // at the INT
        Assert.Equal(TestMachine.StackTop, m.State.SP);
    }
}

public sealed class Real386TestsOnInterp() : Real386Tests(EngineKind.Interp);

/// <summary>On the translating engine (skipped: the jit does not translate the 80386).</summary>
public sealed class Real386TestsOnJit() : Real386Tests(EngineKind.Jit);
