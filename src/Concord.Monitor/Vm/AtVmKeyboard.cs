using Concord.Core.Memory;
using Concord.Devices.Keyboard;

namespace Concord.Monitor.Vm;

/// <summary>The PC/AT's keyboard: the 8042 (IRQ 1) and the BIOS's 16-entry type-ahead ring in the BIOS data area.</summary>
public sealed class AtVmKeyboard(Kbc8042 kbc, MemoryMap memory) : VmKeyboard(memory)
{
    // BIOS data area: the keyboard buffer's head and tail pointers and its start.
    private const uint BdaKeyboardHead = 0x41A;
    private const uint BdaKeyboardTail = 0x41C;
    private const uint BdaKeyboardStart = 0x480;

    public Kbc8042 Controller => kbc;

    public override int Irq => Kbc8042.DefaultIrq;

    public override void KeyDown(HostKey key) => kbc.KeyDown(key);

    public override void KeyUp(HostKey key) => kbc.KeyUp(key);

    public override bool Type(char c) => kbc.Type(c);

    public override bool ChipEmpty => (kbc.Status & KbcStatus.OutputBufferFull) == 0 && kbc.PendingBytes == 0;

    public override bool BiosReady => Memory.Read8(BdaKeyboardStart) != 0;

    public override int BiosBuffered => ((Word(BdaKeyboardTail) - Word(BdaKeyboardHead)) & 0x1F) / 2;
}
