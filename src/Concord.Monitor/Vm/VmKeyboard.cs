using Concord.Core.Memory;
using Concord.Devices.Keyboard;

namespace Concord.Monitor.Vm;

/// <summary>
/// A VM's keyboard as the machine drives it: host keys and typed characters to the board's keyboard
/// chip, and what the guest's BIOS shows of its type-ahead buffer, so that keys are handed over at
/// the pace the guest takes them (<see cref="VmHardware.DrainHostInput"/>) and typing steps wait for
/// the guest (<see cref="VmHardware.KeyboardIdle"/>).
/// </summary>
public abstract class VmKeyboard(MemoryMap memory)
{
    protected MemoryMap Memory { get; } = memory;

    /// <summary>The keyboard's interrupt request line on the master PIC (IRQ 1 on both boards).</summary>
    public abstract int Irq { get; }

    public abstract void KeyDown(HostKey key);

    public abstract void KeyUp(HostKey key);

    /// <summary>Presses and releases the keys that type <paramref name="c"/>; false for a character no key types.</summary>
    public abstract bool Type(char c);

    /// <summary>Types each character; false if some could not be typed (they are skipped).</summary>
    public bool Type(string text)
    {
        bool all = true;
        foreach (char c in text) all &= Type(c);
        return all;
    }

    /// <summary>Nothing waits in the keyboard chip or on its way there.</summary>
    public abstract bool ChipEmpty { get; }

    /// <summary>Whether the BIOS has set its keyboard buffer up (keys sent before are lost in its POST).</summary>
    public abstract bool BiosReady { get; }

    /// <summary>Keys waiting in the BIOS's type-ahead buffer.</summary>
    public abstract int BiosBuffered { get; }

    protected ushort Word(uint address) => (ushort)(Memory.Read8(address) | Memory.Read8(address + 1) << 8);
}
