using Concord.Core.Cpu;

namespace Concord.Engines.Interpreter;

/// <summary>
/// The interpreter as another engine runs it inside itself: the translating engine keeps the guest
/// state here (the register file, IP, FLAGS, the event word) and lets the interpreter execute cold
/// code and every instruction it does not translate, so both engines share one definition of what
/// an instruction does. Only what translated code needs beyond <see cref="InterpreterCore"/>'s own
/// members is here.
/// </summary>
internal unsafe interface IEmbeddedInterpreter
{
    /// <summary>The pinned register file: AX CX DX BX SP BP SI DI, then ES CS SS DS (the encoding order; <c>Translator.GuestRegisters</c> names them).</summary>
    ushort* Registers { get; }

    /// <summary>
    /// The translator's pinned bitmap of compiled entries, one bit per linear address (<see cref="Translator.CodeCache.EntryBitsLength"/>
    /// words): a run stops before an instruction whose bit is set, after its first instruction, so compiled code is entered at
    /// every entry the interpreter reaches.
    /// </summary>
    ulong* EntryBits { set; }

    ushort Ip { get; set; }

    /// <summary>FLAGS as the interpreter holds it.</summary>
    int Flags { get; }

    /// <summary>Sets FLAGS as translated code left them (only CF PF AF ZF SF OF DF and a cleared IF can differ) and the events that follow IF.</summary>
    void SetFlagsFromTranslated(int flags);

    /// <summary>Where the instruction in progress started, for <see cref="InterpreterCore.CurrentInstruction"/> inside a port callback.</summary>
    ushort InstructionStart { set; }

    /// <summary>Whether anything waits for the next instruction boundary (an interrupt, NMI, the trap flag, the shadow, HLT, a stop or exit).</summary>
    bool HasEvents { get; }

    /// <summary>The segment base and offset of the last ModR/M memory operand (the 8086's register forms of LEA, LES, LDS, far CALL/JMP use them).</summary>
    uint EaBase { get; set; }

    ushort EaOffset { get; set; }

    /// <summary>The vCPU is halted at HLT.</summary>
    bool IsHalted { get; }

    /// <summary>A REP string instruction stopped between iterations and resumes at the next run.</summary>
    bool RepInProgress { get; }

    /// <summary>Nothing waits but a REP string instruction the budget stopped, which the next run goes on with as it was decoded.</summary>
    bool ResumesRep { get; }

    /// <summary>Translated code loaded a segment register that holds interrupts off for one instruction (SS; any on the 8086) and stopped right after it.</summary>
    void HoldInterruptsForOneInstruction();
}
