using Concord.Core.Memory;
using Concord.Devices.Keyboard;

namespace Concord.Monitor.Vm;

/// <summary>
/// The PC-98's keyboard: PC-98 key codes into the 8251 (IRQ 1), and the BIOS's 16-key buffer whose
/// count is at 0000:0528h; the BIOS has set it up once the far pointer to its character tables
/// (0000:05C6h) is there.
/// </summary>
public sealed class Pc98VmKeyboard(Pc98Keyboard keyboard, MemoryMap memory) : VmKeyboard(memory)
{
    private const uint WorkKeyCount = 0x528;
    private const uint WorkKeyTablesSegment = 0x5C8;

    public Pc98Keyboard Keyboard => keyboard;

    public override int Irq => Usart8251.DefaultIrq;

    public override void KeyDown(HostKey key) => keyboard.KeyDown(key);

    public override void KeyUp(HostKey key) => keyboard.KeyUp(key);

    public override bool Type(char c) => keyboard.Type(c);

    public override bool ChipEmpty => keyboard.Idle;

    public override bool BiosReady => Word(WorkKeyTablesSegment) != 0;

    public override int BiosBuffered => Memory.Read8(WorkKeyCount);
}
