namespace Concord.Core.Cpu;

/// <summary>
/// The whole architectural state of a real-mode vCPU: what a gate switch or a snapshot saves and
/// restores. A plain value; engines copy it in and out.
/// </summary>
public struct CpuState
{
    public ushort AX, CX, DX, BX, SP, BP, SI, DI;
    public ushort ES, CS, SS, DS;
    public ushort IP;
    public ushort Flags;

    /// <summary>The CPU stopped at HLT and waits for an interrupt.</summary>
    public bool Halted;

    /// <summary>80286 only: the interrupt table base and limit (LIDT); 0 and 3FFh after reset.</summary>
    public uint IdtBase;
    public ushort IdtLimit;

    /// <summary>80286 only: the machine status word (SMSW/LMSW).</summary>
    public ushort Msw;

    /// <summary>The state after RESET: CS:IP = F000:FFF0 (the 8086's FFFF:0000 is the same address).</summary>
    public static CpuState AfterReset(CpuModel model) => new()
    {
        CS = model == CpuModel.I8086 ? (ushort)0xFFFF : (ushort)0xF000,
        IP = model == CpuModel.I8086 ? (ushort)0x0000 : (ushort)0xFFF0,
        Flags = model == CpuModel.I8086 ? (ushort)0xF002 : (ushort)0x0002,
        IdtLimit = 0x3FF,
        Msw = 0xFFF0,
    };

    public readonly override string ToString() =>
        $"AX={AX:X4} BX={BX:X4} CX={CX:X4} DX={DX:X4} SP={SP:X4} BP={BP:X4} SI={SI:X4} DI={DI:X4} " +
        $"CS={CS:X4} DS={DS:X4} ES={ES:X4} SS={SS:X4} IP={IP:X4} FL={Flags:X4}{(Halted ? " HLT" : "")}";
}
