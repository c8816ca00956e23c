using System.Diagnostics;
using System.Globalization;
using Concord.Bench.Workloads;
using Concord.Core.Cpu;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Concord.Monitor.Profiles;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Bench;

/// <summary>
/// <c>pc-mips</c>: the workloads of <c>mips</c> inside the whole PC (a <see cref="Machine"/> of one VM, as <c>run --floppy</c> makes it): booted
/// through the BIOS from a diskette image, with every device attached and the BIOS's timer interrupt
/// (18.2 Hz of virtual time) running. The boot sector loads the workload from the diskette to
/// 0000:1000 (its final HLT patched to a RET), enables interrupts and calls it in a loop; each
/// workload runs in a machine of its own. The figure is all instructions of the run (POST and
/// boot included, a few tens of thousands) over its host time.
/// </summary>
public static class PcMipsBench
{
    private const ushort CounterAddress = 0x0600;

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
        int calls = Math.Max(1, (int)(seconds * 150e6 / 4e6));
        string folder = Path.Combine(Path.GetTempPath(), "concord-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            string image = Path.Combine(folder, workload.Name + ".img");
            calls = Math.Min(calls, ushort.MaxValue);
            File.WriteAllBytes(image, BuildImage(workload, (ushort)calls));
            using var machine = new Machine(MachineSpec.ForDiskettes(image, null, PlatformProfile.At, model, ClockKind.Virtual, engine));
            long start = Stopwatch.GetTimestamp();
            MachineOutcome outcome = machine.Run(new MachineRunOptions { Timeout = TimeSpan.FromSeconds(seconds * 20 + 30) });
            TimeSpan time = Stopwatch.GetElapsedTime(start);
            if (outcome.Stop != StopReason.DebugExit)
                throw new InvalidOperationException($"{workload.Name}: the PC run ended with {outcome.Describe()}");
            var memory = machine.Vms[0].Hardware.Memory;
            long ticks = memory.Read8(0x46C) | memory.Read8(0x46D) << 8;
            return (outcome.Instructions, time, ticks, calls);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A 1.44 MB image: a boot sector that loads sectors 2-9 to 0000:1000 and calls the workload <paramref name="calls"/> times, then the workload.</summary>
    private static byte[] BuildImage(Workload workload, ushort calls)
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
        asm.mov(al, 0x66); asm.@out(0xF4, al);
        asm.Label(ref loaded);
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
        asm.mov(al, 0); asm.@out(0xF4, al);
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
