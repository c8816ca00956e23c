namespace Concord.Engines.Interpreter;

/// <summary>What the translating engine reaches of the interpreter it runs inside itself (<see cref="IEmbeddedInterpreter"/>).</summary>
internal sealed unsafe partial class InterpreterCore<TModel> : IEmbeddedInterpreter
{
    ushort* IEmbeddedInterpreter.Registers => _r;

    ulong* IEmbeddedInterpreter.EntryBits
    {
        set => _entryBits = value;
    }

    ushort IEmbeddedInterpreter.Ip
    {
        get => _ip;
        set => _ip = value;
    }

    int IEmbeddedInterpreter.Flags => _flags;

    void IEmbeddedInterpreter.SetFlagsFromTranslated(int flags) => SetFlags(flags);

    ushort IEmbeddedInterpreter.InstructionStart
    {
        set => _instructionStart = value;
    }

    bool IEmbeddedInterpreter.HasEvents => _events != 0;

    uint IEmbeddedInterpreter.EaBase
    {
        get => _eaBase;
        set => _eaBase = value;
    }

    ushort IEmbeddedInterpreter.EaOffset
    {
        get => _eaOffset;
        set => _eaOffset = value;
    }

    bool IEmbeddedInterpreter.IsHalted => (_events & EvHalted) != 0;

    bool IEmbeddedInterpreter.RepInProgress => _repInProgress;

    bool IEmbeddedInterpreter.ResumesRep => _events == EvRepResume;

    void IEmbeddedInterpreter.HoldInterruptsForOneInstruction() => _events |= EvShadow;
}
