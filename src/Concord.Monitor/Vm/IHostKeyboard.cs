using Concord.Devices.Keyboard;

namespace Concord.Monitor.Vm;

/// <summary>Where host keys go: a VM's keyboard, fed from any thread and handed to its 8042 on the machine's thread.</summary>
public interface IHostKeyboard
{
    void PostKeyDown(HostKey key);

    void PostKeyUp(HostKey key);

    /// <summary>Types text: each character's keys pressed and released, with Shift or Ctrl as needed.</summary>
    void PostText(string text);
}
