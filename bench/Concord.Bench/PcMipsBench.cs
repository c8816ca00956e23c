using System.Diagnostics;
using System.Globalization;
using Concord.Bench.Workloads;
using Concord.Core.Cpu;
using Concord.Devices.Debug;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;
using Concord.TestSupport;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench;

/// <summary>
/// <c>pc-mips</c>: the workloads of <c>mips</c> inside the whole PC (a <see cref="Machine"/> of one VM, as <c>run --floppy</c> makes it): booted
/// through the BIOS from a diskette image, with every device attached and the BIOS's timer interrupt
/// (18.2 Hz of virtual time) running. The boot sector loads the workload from the diskette to
/// 0000:1000 (its final HLT patched to a RET), zeroes the workload's data and extra segments, enables interrupts and calls it in a loop; each
/// workload runs in a machine of its own. The figure is all instructions of the run (POST and
/// boot included, a few tens of thousands) over its host time.
/// </summary>
public static class PcMipsBench
{
    private const ushort CounterAddress = 0x0600;

    /// <summary>The debug exit port (F4h) and the statuses it gives, the same on Concord and on QEMU's isa-debug-exit: (value &lt;&lt; 1) | 1.</summary>
    internal const byte ExitPort = 0xF4;
    internal static readonly int SuccessStatus = DebugExit.StatusFor(0);
    internal static readonly int LoadFailedStatus = DebugExit.StatusFor(0x66);

    /// <summary>Runs every workload in a machine of its own; returns the mix's MIPS.</summary>
    public static double Run(TextWriter output, CpuModel model, double seconds, EngineKind engine = EngineKind.Interp)
    {
        output.WriteLine("Concord macro benchmark inside the PC machine: BIOS, devices and timer interrupts on");
        output.WriteLine($"machine: {MachineInfo.Describe()}");
        output.WriteLine($"engine:  {engine.Name()}, guest CPU {model.Name()}, virtual clock ({VirtualTime.DefaultNsPerInstruction} ns per instruction)");
        output.WriteLine();
        output.WriteLine($"{"workload",-10} {"instructions",15} {"seconds",8} {"MIPS",8} {"timer IRQs",11}");
        double mixInstructions = 0, mixSeconds = 0;
        foreach (Workload workload in MipsReport.Mix)
        {
            var (instructions, time, ticks, calls) = Measure(workload, model, engine, seconds);
            mixInstructions += (double)instructions / calls;
            mixSeconds += time.TotalSeconds / calls;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{workload.Name,-10} {instructions,15:N0} {time.TotalSeconds,8:0.00} {instructions / time.TotalSeconds / 1e6,8:0.0} {ticks,11:N0}"));
        }
        output.WriteLine(new string('-', 56));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"mix",-10} {mixInstructions,15:N0} {mixSeconds,8:0.000} {mixInstructions / mixSeconds / 1e6,8:0.0}  one call of each workload, back to back (as in mips)"));
        return mixInstructions / mixSeconds / 1e6;
    }

    private static (long Instructions, TimeSpan Time, long Ticks, int Calls) Measure(Workload workload, CpuModel model, EngineKind engine, double seconds)
    {
        // Calibrate: one call of the workload is about RepeatsPerRun kernels, a few million instructions.
        int calls = Math.Clamp((int)(seconds * 150e6 / 4e6), 1, ushort.MaxValue);
        var (instructions, time, ticks) = RunImage(workload, model, engine, (ushort)calls, TimeSpan.FromSeconds(seconds * 20 + 30));
        return (instructions, time, ticks, calls);
    }

    /// <summary>
    /// Boots the image of <paramref name="workload"/> with <paramref name="calls"/> calls in a machine of its own and runs it to
    /// its debug exit: the instructions Concord counted, the host time of <see cref="Machine.Run"/> and the BIOS's timer ticks.
    /// </summary>
    internal static (long Instructions, TimeSpan Time, long Ticks) RunImage(Workload workload, CpuModel model, EngineKind engine, ushort calls, TimeSpan timeout)
    {
        using var temp = new TempFiles();
        string image = temp.Write(workload.Name + ".img", BuildImage(workload, calls));
        using var machine = new Machine(MachineSpec.ForDiskettes(image, null, PlatformProfile.At, model, ClockKind.Virtual, engine));
        long start = Stopwatch.GetTimestamp();
        MachineOutcome outcome = machine.Run(new MachineRunOptions { Timeout = timeout });
        TimeSpan time = Stopwatch.GetElapsedTime(start);
        if (outcome.Stop != StopReason.DebugExit || outcome.ExitStatus != SuccessStatus)
            throw new InvalidOperationException($"{workload.Name}: the PC run ended with {outcome.Describe()}");
        var memory = machine.Vms[0].Hardware.Memory;
        long ticks = memory.Read8(0x46C) | memory.Read8(0x46D) << 8;
        return (outcome.Instructions, time, ticks);
    }

    /// <summary>A 1.44 MB image: a boot sector that loads sectors 2-9 to 0000:1000 and calls the workload <paramref name="calls"/> times, then the workload.</summary>
    internal static byte[] BuildImage(Workload workload, ushort calls)
    {
        byte[] code = workload.Assemble();
        if (code[^1] != 0xF4) throw new InvalidOperationException($"{workload.Name} does not end with HLT");
        code[^1] = 0xC3; // RET: the boot sector calls it
        if (code.Length > 8 * 512) throw new InvalidOperationException($"{workload.Name} is {code.Length} bytes; 8 sectors are loaded");

        var asm = new Assembler(16);
        Label retry = asm.CreateLabel(), loaded = asm.CreateLabel(), again = asm.CreateLabel();
        asm.xor(ax, ax); asm.mov(ds, ax); asm.mov(es, ax);
        asm.mov(__word_ptr[CounterAddress], calls);
        asm.mov(si, 4);
        asm.Label(ref retry);
        asm.mov(ax, 0x0208); asm.mov(cx, 0x0002); asm.xor(dx, dx); asm.mov(bx, Workload.CodeOffset);
        asm.@int(0x13);
        asm.jnc(loaded);
        asm.dec(si); asm.jnz(retry);
        asm.mov(al, 0x66); asm.@out(ExitPort, al);
        asm.Label(ref loaded);
        // The data and extra segments start zeroed whatever the BIOS left there, so that every call
        // runs the same instructions under any BIOS (the CRC's branches depend on its data).
        asm.xor(di, di); asm.xor(ax, ax);
        asm.mov(dx, Workload.DataSegment); asm.mov(es, dx);
        asm.mov(cx, 0x8000); asm.rep.stosw();
        asm.mov(dx, Workload.ExtraSegment); asm.mov(es, dx);
        asm.mov(cx, 0x8000); asm.rep.stosw();
        asm.sti();
        asm.Label(ref again);
        asm.mov(ax, Workload.DataSegment); asm.mov(ds, ax);
        asm.mov(ax, Workload.ExtraSegment); asm.mov(es, ax);
        asm.mov(ax, Workload.StackSegment); asm.mov(ss, ax);
        asm.mov(sp, 0xFFFE);
        asm.mov(bp, workload.RepeatsPerRun);
        asm.call(Workload.CodeOffset);
        asm.xor(ax, ax); asm.mov(ds, ax);
        asm.dec(__word_ptr[CounterAddress]);
        asm.jnz(again);
        asm.mov(al, 0); asm.@out(ExitPort, al);
        using var boot = new MemoryStream();
        asm.Assemble(new StreamCodeWriter(boot), 0x7C00);

        var disk = new byte[1_474_560];
        boot.ToArray().CopyTo(disk, 0);
        disk[510] = 0x55;
        disk[511] = 0xAA;
        code.CopyTo(disk, 512);
        return disk;
    }
}
