using Concord.Core.Cpu;
using Concord.Engines.Tests.Programs;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Engines.Tests.I386;

/// <summary>
/// Protected mode where test386 does not look: double and triple faults, a TLB that keeps a stale
/// translation until CR3 is loaded, and the state of a protected-mode vCPU saved and restored. The
/// programs start in protected mode through <see cref="IVcpu.SetState"/> with 16-bit segments.
/// </summary>
public abstract class Protected386Tests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    private const uint Gdt = 0x800, Idt = 0x600;
    private const ushort Code = 0x08, Data = 0x10, Stack = 0x18, Flat = 0x20;
    private const ushort Handler = 0x0800; // offset in the code segment

    private static byte[] SegmentDescriptor(uint @base, uint limit, byte access, byte flags) =>
    [
        (byte)limit, (byte)(limit >> 8), (byte)@base, (byte)(@base >> 8), (byte)(@base >> 16),
        access, (byte)(flags | ((limit >> 16) & 0xF)), (byte)(@base >> 24),
    ];

    /// <summary>A 286 interrupt gate (type 6) to Code:<paramref name="offset"/>, present or not.</summary>
    private static byte[] InterruptGate(ushort offset, bool present = true) =>
        [(byte)offset, (byte)(offset >> 8), (byte)Code, 0, 0, (byte)(present ? 0x86 : 0x06), 0, 0];

    /// <summary>A 386 with a GDT (code at 10000h, data at 20000h, stack at 30000h, flat 4 GiB) and an IDT of <paramref name="gates"/>, in protected mode at CPL 0.</summary>
    private TestMachine Start(Action<Assembler> body, byte[][] gates, ushort idtLimit, uint cr0Extra = 0, uint cr3 = 0)
    {
        var m = new TestMachine(Engine, CpuModel.I80386);
        m.Map.Load(Gdt, [
            .. new byte[8],
            .. SegmentDescriptor(0x10000, 0xFFFF, 0x9A, 0x00),
            .. SegmentDescriptor(0x20000, 0xFFFF, 0x92, 0x00),
            .. SegmentDescriptor(0x30000, 0xFFFF, 0x92, 0x00),
            .. SegmentDescriptor(0, 0xFFFFF, 0x92, 0xC0),
        ]);
        for (int v = 0; v < gates.Length; v++) m.Map.Load(Idt + (uint)v * 8, gates[v]);
        m.Write8(TestMachine.CodeSegment, Handler, 0xF4);
        var a = new Assembler(16);
        body(a);
        a.hlt();
        m.Load(a);
        CpuState s = CpuState.AfterReset(CpuModel.I80386);
        s.Cr0 = 0x11 | cr0Extra;
        s.Cr3 = cr3;
        s.GdtBase = Gdt;
        s.GdtLimit = 0x27;
        s.IdtBase = Idt;
        s.IdtLimit = idtLimit;
        s.CS = Code;
        s.CsCache = new SegmentCache(0x10000, 0xFFFF, 0x9B);
        s.DS = s.ES = Data;
        s.DsCache = s.EsCache = new SegmentCache(0x20000, 0xFFFF, 0x93);
        s.SS = Stack;
        s.SsCache = new SegmentCache(0x30000, 0xFFFF, 0x93);
        s.FS = s.GS = Flat;
        s.FsCache = s.GsCache = new SegmentCache(0, 0xFFFF_FFFF, 0xC093);
        s.ESP = TestMachine.StackTop;
        s.EIP = TestMachine.CodeOrigin;
        m.Cpu.SetState(s);
        return m;
    }

    [Fact]
    public void A_fault_with_no_handler_and_no_double_fault_handler_shuts_the_cpu_down()
    {
        using var m = Start(a => a.mov(ax, __word_ptr[0xFFFF]), [], idtLimit: 0);

        RunResult result = m.Cpu.Run(100);

        Assert.Equal(ExitReason.Shutdown, result.Reason);
        Assert.Equal(TestMachine.CodeOrigin, m.State.IP);   // at the instruction that could not be handled
        Assert.Equal(TestMachine.StackTop, m.State.SP);     // nothing was pushed
    }

    [Fact]
    public void A_fault_while_delivering_a_fault_is_a_double_fault_with_error_code_0()
    {
        byte[][] gates = [.. Enumerable.Range(0, 14).Select(v => v == 8 ? InterruptGate(Handler) : InterruptGate(0, present: false))];
        using var m = Start(a => a.mov(ax, __word_ptr[0xFFFF]), gates, idtLimit: 14 * 8 - 1);

        m.RunToHalt(100);

        Assert.Equal(Handler + 1, m.State.IP);               // the #DF handler ran: #GP met a gate not present (#NP)
        ushort sp = m.State.SP;
        Assert.Equal(TestMachine.StackTop - 8, sp);         // FLAGS, CS, IP and the error code, as words (a 286 gate)
        Assert.Equal(0, m.Stack16(sp));                     // #DF's error code
        Assert.Equal(TestMachine.CodeOrigin, m.Stack16((ushort)(sp + 2)));
        Assert.Equal(Code, m.Stack16((ushort)(sp + 4)));
    }

    /// <summary>The 386 keeps a translation in its TLB after the page table changes, until CR3 is loaded again.</summary>
    [Fact]
    public void A_changed_page_table_entry_takes_effect_when_CR3_is_loaded()
    {
        const uint directory = 0x70000, table = 0x71000;
        var identity = new byte[4096];
        for (uint page = 0; page < 1024; page++) BitConverter.GetBytes((page << 12) | 3).CopyTo(identity, page * 4);
        using var m = Start(a =>
        {
            a.mov(esi, 0x50000);
            a.mov(edi, table + 0x50 * 4);
            a.mov(eax, __dword_ptr.fs[esi]);                // fills the TLB: physical 50000h
            a.mov(__dword_ptr.fs[edi], 0x60003);            // now linear 50000h is physical 60000h
            a.mov(ebx, __dword_ptr.fs[esi]);                // still 50000h
            a.mov(ecx, cr3);
            a.mov(cr3, ecx);                                // flushes the TLB
            a.mov(edx, __dword_ptr.fs[esi]);                // 60000h
        }, [], idtLimit: 0, cr0Extra: 0x8000_0000, cr3: directory);
        m.Map.Load(directory, BitConverter.GetBytes(table | 3));
        m.Map.Load(table, identity);
        m.Map.Load(0x50000, BitConverter.GetBytes(0x11111111u));
        m.Map.Load(0x60000, BitConverter.GetBytes(0x22222222u));

        m.RunToHalt(100);

        CpuState s = m.State;
        Assert.Equal((0x11111111u, 0x11111111u, 0x22222222u), (s.EAX, s.EBX, s.EDX));
        Assert.Equal(0x60023u, BitConverter.ToUInt32(m.ReadBytes(0x7000, 0x1140, 4))); // the new entry, accessed by the last read, not dirty
    }

    [Fact]
    public void A_protected_mode_state_comes_back_as_it_was_set()
    {
        using var m = Start(a => a.nop(), [], idtLimit: 0x7FF);
        CpuState set = m.State;
        set.EAX = 0x89ABCDEF;
        set.Ldtr = 0;
        set.Tr = 0x28;
        set.TrCache = new SegmentCache(0x5000, 0x67, 0x8B);
        set.Cr2 = 0x1234_5678;
        set.Dr7 = 0x400;

        m.Cpu.SetState(set);
        CpuState got = m.Cpu.GetState();

        Assert.Equal(set.ToString(), got.ToString());
        Assert.Equal((set.CsCache, set.SsCache, set.DsCache, set.FsCache, set.TrCache), (got.CsCache, got.SsCache, got.DsCache, got.FsCache, got.TrCache));
        Assert.Equal((set.GdtBase, set.GdtLimit, set.IdtBase, set.IdtLimit, set.Cr0, set.Cr2, set.Cpl), (got.GdtBase, got.GdtLimit, got.IdtBase, got.IdtLimit, got.Cr0, got.Cr2, got.Cpl));
    }
}

public sealed class Protected386TestsOnInterp() : Protected386Tests(EngineKind.Interp);

/// <summary>On the translating engine (skipped: the jit does not translate the 80386).</summary>
public sealed class Protected386TestsOnJit() : Protected386Tests(EngineKind.Jit);
