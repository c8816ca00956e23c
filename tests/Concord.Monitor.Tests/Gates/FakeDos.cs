using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Gates;

/// <summary>
/// The smallest DOS the monitor can ask, in a <see cref="BareVm"/>: an INT 21h handler at 1000:0400
/// that answers AH=30h (its version), 34h (InDOS at 00701h, the critical-error flag before it),
/// AX=5D06h (a swappable data area at 006F0h, or CF=1 when it does not answer), 50h/51h (the
/// current PSP at 00702h), 1Ah/2Fh (the DTA at 00704h), and three functions to test with: AH=3Dh,
/// the service a gate calls, logs what it finds (PSP, DTA, INT 24h, SS) and returns AX=1234h with
/// CF clear; AH=09h, a console function, counts itself; AH=19h, the program's own call, counts
/// itself and returns AL=2. INT 28h, INT 16h and INT 18h (the keyboard BIOSes of both profiles) are IRETs. Everything at DS = 0.
/// </summary>
internal static class FakeDos
{
    public const int Sda = 0x6F0, CriticalError = 0x700, InDos = 0x701, Psp = 0x702, DtaOffset = 0x704, DtaSegment = 0x706;
    public const int AnswersSda = 0x708, Major = 0x709, Minor = 0x70A;

    /// <summary>What the service (AH=3Dh) found: the current PSP, the DTA, the INT 24h vector, SS.</summary>
    public const int SeenPsp = 0x720, SeenDtaOffset = 0x722, SeenDtaSegment = 0x724, SeenInt24Offset = 0x726, SeenInt24Segment = 0x728, SeenSs = 0x72A;

    /// <summary>Counts: services (AH=3Dh), console calls (AH=09h), program calls (AH=19h).</summary>
    public const int Services = 0x72C, ConsoleCalls = 0x72E, ProgramCalls = 0x730;

    /// <summary>A byte the program sets when it passes a point; the service copies it to <see cref="SeenMarker"/>.</summary>
    public const int Marker = 0x740, SeenMarker = 0x742;

    public const ushort OsPsp = 0x0800, OsDtaOffset = 0x0080, Int24Offset = 0x0390;

    public static void Install(BareVm vm, byte major = 7, byte minor = 10, bool answersSda = true, bool int21 = true)
    {
        vm[Major] = major;
        vm[Minor] = minor;
        vm[AnswersSda] = answersSda ? (byte)1 : (byte)0;
        vm.PokeWord(Psp, OsPsp);
        vm.PokeWord(DtaOffset, OsDtaOffset);
        vm.PokeWord(DtaSegment, OsPsp);
        vm.Load(0x380, a => a.iret());
        vm.SetVector(0x28, BareVm.CodeSegment, 0x380);
        vm.SetVector(0x16, BareVm.CodeSegment, 0x380);
        vm.SetVector(0x18, BareVm.CodeSegment, 0x380);
        vm.Load(Int24Offset, a => a.iret());
        vm.SetVector(0x24, BareVm.CodeSegment, Int24Offset);
        if (int21) GateRig.Handler(vm, 0x21, 0x400, Handler);
    }

    private static void Handler(Assembler a)
    {
        Label Next() => a.CreateLabel();
        var version = Next(); var inDos = Next(); var sda = Next(); var noSda = Next(); var setPsp = Next(); var getPsp = Next();
        var setDta = Next(); var getDta = Next(); var service = Next(); var console = Next(); var program = Next(); var other = Next();

        a.push(ds);
        a.push(ax);
        a.xor(ax, ax);
        a.mov(ds, ax);
        a.pop(ax);
        // Short conditional jumps only (an 8086 has no near Jcc): each test skips a near JMP.
        void When(Action compare, Label target)
        {
            var skip = a.CreateLabel();
            compare();
            a.jne(skip);
            a.jmp(target);
            a.Label(ref skip);
        }
        When(() => a.cmp(ah, 0x30), version);
        When(() => a.cmp(ah, 0x34), inDos);
        When(() => a.cmp(ax, 0x5D06), sda);
        When(() => a.cmp(ah, 0x50), setPsp);
        When(() => a.cmp(ah, 0x51), getPsp);
        When(() => a.cmp(ah, 0x1A), setDta);
        When(() => a.cmp(ah, 0x2F), getDta);
        When(() => a.cmp(ah, 0x3D), service);
        When(() => a.cmp(ah, 0x09), console);
        When(() => a.cmp(ah, 0x19), program);
        a.jmp(other);

        a.Label(ref version);
        a.mov(al, __byte_ptr[Major]);
        a.mov(ah, __byte_ptr[Minor]);
        a.pop(ds);
        a.iret();

        a.Label(ref inDos);
        a.xor(bx, bx);
        a.mov(es, bx);
        a.mov(bx, InDos);
        a.pop(ds);
        a.iret();

        a.Label(ref sda);
        a.cmp(__byte_ptr[AnswersSda], 0);
        a.je(noSda);
        a.add(sp, 2);           // DS = 0 is the answer's segment
        a.mov(si, Sda);
        a.clc();
        a.retf(2);
        a.Label(ref noSda);
        a.pop(ds);
        a.mov(ax, 1);
        a.stc();
        a.retf(2);

        a.Label(ref setPsp);
        a.mov(__word_ptr[Psp], bx);
        a.pop(ds);
        a.iret();

        a.Label(ref getPsp);
        a.mov(bx, __word_ptr[Psp]);
        a.pop(ds);
        a.iret();

        a.Label(ref setDta);
        a.push(bp);
        a.mov(bp, sp);
        a.mov(ax, __word_ptr[bp + 2]); // the caller's DS
        a.pop(bp);
        a.mov(__word_ptr[DtaSegment], ax);
        a.mov(__word_ptr[DtaOffset], dx);
        a.pop(ds);
        a.iret();

        a.Label(ref getDta);
        a.mov(bx, __word_ptr[DtaOffset]);
        a.mov(es, __word_ptr[DtaSegment]);
        a.pop(ds);
        a.iret();

        a.Label(ref service);
        a.mov(ax, __word_ptr[Psp]); a.mov(__word_ptr[SeenPsp], ax);
        a.mov(ax, __word_ptr[DtaOffset]); a.mov(__word_ptr[SeenDtaOffset], ax);
        a.mov(ax, __word_ptr[DtaSegment]); a.mov(__word_ptr[SeenDtaSegment], ax);
        a.mov(ax, __word_ptr[0x24 * 4]); a.mov(__word_ptr[SeenInt24Offset], ax);
        a.mov(ax, __word_ptr[0x24 * 4 + 2]); a.mov(__word_ptr[SeenInt24Segment], ax);
        a.mov(__word_ptr[SeenSs], ss);
        a.mov(al, __byte_ptr[Marker]); a.mov(__byte_ptr[SeenMarker], al);
        a.inc(__word_ptr[Services]);
        a.mov(ax, 0x1234);
        a.pop(ds);
        a.clc();
        a.retf(2);

        a.Label(ref console);
        a.mov(al, __byte_ptr[Marker]); a.mov(__byte_ptr[SeenMarker], al);
        a.inc(__word_ptr[ConsoleCalls]);
        a.pop(ds);
        a.iret();

        a.Label(ref program);
        a.inc(__word_ptr[ProgramCalls]);
        a.mov(al, 2);
        a.pop(ds);
        a.iret();

        a.Label(ref other);
        a.mov(al, 0);
        a.pop(ds);
        a.iret();
    }

    /// <summary>The OS waiting in its console input: InDOS = 1 and <paramref name="times"/> INT 28h, <paramref name="spacing"/> loops apart.</summary>
    public static void ConsoleWait(Assembler a, ushort times, ushort spacing = 20)
    {
        var top = a.CreateLabel();
        a.mov(__byte_ptr[InDos], 1);
        a.mov(dx, times);
        a.Label(ref top);
        GateRig.Delay(a, spacing);
        a.@int(0x28);
        a.dec(dx);
        a.jnz(top);
        a.mov(__byte_ptr[InDos], 0);
    }

    /// <summary>A program's own DOS call (AH=19h) with InDOS = 0.</summary>
    public static void ProgramCall(Assembler a)
    {
        a.mov(ah, 0x19);
        a.@int(0x21);
    }
}
