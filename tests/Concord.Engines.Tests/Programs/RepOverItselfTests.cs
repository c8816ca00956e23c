using Concord.Core.Cpu;

namespace Concord.Engines.Tests.Programs;

/// <summary>
/// A REP string instruction that writes over its own bytes goes on as it was decoded until CX runs out,
/// as on a real CPU, however the budget is cut: a run that ends between two iterations must not
/// make the next run decode the (now different) bytes again. (The translator cuts the budget into
/// stretches of its own, so an interpreter that decoded again there ran other code under the jit:
/// the background-compile divergence of issue 13.) After the REP, the bytes it wrote run: each
/// 41h is an INC CX.
/// </summary>
public abstract class RepOverItselfTests(EngineKind engine) : IEngineConformance
{
    public EngineKind Engine { get; } = engine;

    private const ushort SourceOffset = 0x0200;
    private const int BytesWritten = 16;

    public enum Form { RepStosw, CsRepMovsb }

    public static TheoryData<Form, int> Cases()
    {
        var data = new TheoryData<Form, int>();
        foreach (Form form in Enum.GetValues<Form>())
            foreach (int slice in new[] { 1, 2, 5, 1_000 })
                data.Add(form, slice);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_rep_writing_over_its_own_bytes_finishes_as_decoded_however_the_budget_is_cut(Form form, int slice)
    {
        using var m = new TestMachine(Engine);
        var code = new List<byte>();
        byte[] rep = form == Form.RepStosw ? [0xF3, 0xAB] : [0x2E, 0xF3, 0xA4]; // REP STOSW; CS: REP MOVSB
        int prologue = 11;
        ushort repIp = (ushort)(TestMachine.CodeOrigin + prologue);
        if (form == Form.RepStosw) code.AddRange([0xB8, 0x41, 0x41, 0xB9, BytesWritten / 2, 0x00]); // MOV AX,4141h; MOV CX,8
        else code.AddRange([0xBE, SourceOffset & 0xFF, SourceOffset >> 8, 0xB9, BytesWritten, 0x00]); // MOV SI,0200h; MOV CX,16
        code.AddRange([0xBF, (byte)repIp, (byte)(repIp >> 8), 0x0E, 0x07]); // MOV DI,repIp; PUSH CS; POP ES
        Assert.Equal(prologue, code.Count);
        code.AddRange(rep);
        while (code.Count < prologue + BytesWritten) code.Add(0x90); // NOPs the REP writes over
        code.Add(0xF4); // HLT
        m.WriteBytes(TestMachine.CodeSegment, TestMachine.CodeOrigin, code.ToArray());
        // The source of the CS: copy, in the code segment; DS (the data segment) holds zeros there.
        m.WriteBytes(TestMachine.CodeSegment, SourceOffset, Enumerable.Repeat((byte)0x41, BytesWritten).ToArray());
        m.Start();

        long executed = 0;
        RunResult r;
        int runs = 0;
        do
        {
            r = m.Cpu.Run(slice);
            executed += r.Executed;
            Assert.True(++runs < 10_000, $"no HLT after {executed} instructions; state {m.State}");
        }
        while (r.Reason == ExitReason.BudgetSpent);

        Assert.Equal(ExitReason.Halted, r.Reason);
        CpuState s = m.State;
        int incs = BytesWritten - rep.Length; // the written bytes after the REP instruction
        Assert.Equal(incs, s.CX);
        Assert.Equal(repIp + BytesWritten, s.DI);
        Assert.Equal(repIp + BytesWritten + 1, s.IP); // after the HLT
        Assert.Equal(5 + BytesWritten / (form == Form.RepStosw ? 2 : 1) + incs + 1, executed); // HLT counts as one
        Assert.Equal(Enumerable.Repeat((byte)0x41, BytesWritten), m.ReadBytes(TestMachine.CodeSegment, repIp, BytesWritten));
    }
}

/// <summary>RepOverItselfTests on the interpreter.</summary>
public sealed class RepOverItselfTestsOnInterp() : RepOverItselfTests(EngineKind.Interp);

/// <summary>RepOverItselfTests on the translator, every region compiled at once.</summary>
public sealed class RepOverItselfTestsOnJit() : RepOverItselfTests(EngineKind.Jit);
