using Concord.Core.Cpu;
using Concord.Core.Memory;
using Concord.Monitor.Machines;
using Concord.Monitor.Redirector;

namespace Concord.Monitor.Tests.Redirector;

/// <summary>
/// Asks a DOS idle at its prompt for its version, List of Lists and SDA by stepping its INT 21h
/// from the test, between two runs of the machine. A test stand-in for the machine's own asking at
/// a safe point: the prompt is one (DOS waits for a key, AH=30h/52h/5D06h are reentrant there).
/// </summary>
internal static class TestDosProbe
{
    public static DosFacts Facts(MachineVm vm)
    {
        CpuState version = Int21(vm, 0x3000);
        CpuState lol = Int21(vm, 0x5200);
        CpuState sda = Int21(vm, 0x5D06);
        Assert.False((sda.Flags & 1) != 0, "INT 21h AX=5D06h failed");
        return new DosFacts(version.AX & 0xFF, version.AX >> 8, ((uint)lol.ES << 4) + lol.BX, ((uint)sda.DS << 4) + sda.SI);
    }

    public static CpuState Int21(MachineVm vm, ushort ax)
    {
        IVcpu cpu = vm.Cpu;
        MemoryMap memory = vm.Hardware.Memory;
        CpuState saved = cpu.GetState();
        CpuState s = saved;
        s.Halted = false;
        s.SP -= 6;
        uint frame = ((uint)s.SS << 4) + s.SP;
        var kept = new byte[6];
        memory.Read(frame, kept);
        ushort flags = (ushort)(saved.Flags & ~0x0100);
        Write16(memory, frame, saved.IP);
        Write16(memory, frame + 2, saved.CS);
        Write16(memory, frame + 4, flags);
        s.AX = ax;
        s.IP = (ushort)(memory.Read8(0x84) | memory.Read8(0x85) << 8);
        s.CS = (ushort)(memory.Read8(0x86) | memory.Read8(0x87) << 8);
        s.Flags = (ushort)(saved.Flags & ~0x0300);
        cpu.SetState(s);
        CpuState now = s;
        for (int n = 0; n < 1_000_000; n++)
        {
            cpu.Step();
            now = cpu.GetState();
            if (now.CS == saved.CS && now.IP == saved.IP && now.SP == saved.SP) break;
        }
        Assert.True(now.CS == saved.CS && now.IP == saved.IP, $"INT 21h AX={ax:X4}h did not return");
        memory.Load(frame, kept);
        cpu.SetState(saved);
        return now;
    }

    private static void Write16(MemoryMap memory, uint address, ushort value)
    {
        memory.Write8(address, (byte)value);
        memory.Write8(address + 1, (byte)(value >> 8));
    }
}
