using System.Security.Cryptography;
using Concord.Devices.Floppy.Fat;
using Concord.Monitor.Automation;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Machines;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace Concord.Monitor.Tests.Machines;

/// <summary>
/// A hostile guest program, run under Concord DOS in one VM, tries to reach the other VM: DMA into
/// addresses beyond its own memory (the BIOS's INT 13h reading into A000h and its ROM), a storm of
/// floppy controller I/O (motors, resets, commands) outside any orderly use of the table, and a
/// write over every byte of its own 1 MiB. The other VM's memory does not change and it keeps
/// working with the same controller.
/// </summary>
public sealed class IsolationTests
{
    private const uint PatternStart = 0x80000, PatternLength = 0x10000; // free in Concord DOS: above its programs, below the gate window

    /// <summary>HOSTILE.COM: DMA beyond its memory, the controller storm, "FILLING", then 0CCh over its whole address space but its own 64 KiB.</summary>
    private static byte[] Hostile()
    {
        var a = new Assembler(16);
        Label start = a.CreateLabel(), storm = a.CreateLabel(), fill = a.CreateLabel(), done = a.CreateLabel();
        a.jmp(start);         // a short JMP (2 bytes): the message is at 102h
        a.db("FILLING\r\n$"u8.ToArray());
        a.Label(ref start);
        // 1. The BIOS programs the VM's DMA controller with the buffer's physical address: A0000h is
        //    beyond its 640 KiB, F0000h its ROM. Sector 1 of drive B:, the disk it runs from.
        foreach (ushort segment in (ushort[])[0xA000, 0xF000, 0x9FFF])
        {
            a.mov(ax, segment);
            a.mov(es, ax);
            a.xor(bx, bx);
            a.mov(ax, 0x0201);
            a.mov(cx, 0x0001);
            a.mov(dx, 0x0001);
            a.@int(0x13);
        }
        // 2. 500 rounds at the controller's ports: every motor on, a reset, a recalibrate of drive 1.
        a.mov(si, 500);
        a.Label(ref storm);
        a.mov(dx, 0x3F2);
        a.mov(al, 0xFD);      // motors A-D on, DMA and interrupts on, out of reset, drive 1 selected
        a.@out(dx, al);
        a.mov(al, 0x08);      // reset
        a.@out(dx, al);
        a.mov(al, 0x0D);
        a.@out(dx, al);
        a.mov(dx, 0x3F5);
        a.mov(al, 0x07);      // RECALIBRATE
        a.@out(dx, al);
        a.mov(al, 0x01);      // drive 1
        a.@out(dx, al);
        a.dec(si);
        a.jnz(storm);
        // 3. Say so, then write 0CCh over everything from 00000h up, its own code last.
        a.mov(dx, 0x102);
        a.mov(ah, 0x09);
        a.@int(0x21);
        a.cli();
        a.mov(bx, cs);        // the 64 KiB being filled: the 15 above its own, around the top of 1 MiB
        a.mov(si, 15);
        a.mov(ax, 0xCCCC);
        a.cld();
        a.Label(ref fill);
        a.add(bx, 0x1000);
        a.mov(es, bx);
        a.xor(di, di);
        a.mov(cx, 0x8000);
        a.rep.stosw();
        a.dec(si);
        a.jnz(fill);
        a.Label(ref done);
        a.hlt();
        a.jmp(done);
        var stream = new MemoryStream();
        a.Assemble(new StreamCodeWriter(stream), 0x100);
        return stream.ToArray();
    }

    [Fact]
    public void A_hostile_guest_cannot_change_the_parents_memory_and_the_parent_keeps_using_the_controller()
    {
        using var temp = new TempFiles();
        MachineSpec spec = TestMachineFiles.ParentAndGuest(temp, "at", "at");
        string guestDisk = Path.Combine(temp.Folder, "b.img");
        FatVolume volume = FatVolume.Open(File.ReadAllBytes(guestDisk), guestDisk);
        volume.WriteFile("HOSTILE.COM", Hostile());
        File.WriteAllBytes(guestDisk, volume.ToArray());
        byte[] parentDisk = File.ReadAllBytes(Path.Combine(temp.Folder, "a.img"));
        using var machine = new Machine(spec);
        MachineVm parent = machine.Vm("parent"), guest = machine.Vm("guest");

        MachineOutcome booted = machine.Run(TwoDosTests.Steps(
            ("parent", new AutomationStep.Expect("A:\\>")), ("guest", new AutomationStep.Expect("B:\\>"))),
            TestContext.Current.CancellationToken);
        Assert.True(booted.StepsCompleted == 2, booted.Describe());
        for (uint i = 0; i < PatternLength; i++) parent.Hardware.Memory.Write8(PatternStart + i, (byte)(i * 7 + (i >> 8)));
        byte[] before = ParentMemory(parent);
        byte[] rom = Rom(guest);

        MachineOutcome outcome = machine.Run(TwoDosTests.Steps(
            ("guest", new AutomationStep.Send("HOSTILE\r")), ("guest", new AutomationStep.Expect("FILLING")),
            ("parent", new AutomationStep.Send("dir\r")), ("parent", new AutomationStep.Expect("bytes free")),
            ("parent", new AutomationStep.Send("echo parent-alive\r")), ("parent", new AutomationStep.Expect("\nparent-alive"))),
            TestContext.Current.CancellationToken);

        Assert.True(outcome.StepsCompleted == 6, outcome.Describe() + "\n" + parent.Screen().ToText());
        Assert.Equal(0xCC, guest.Hardware.Memory.Read8(0x20000));          // the guest did wipe its own memory,
        Assert.Equal(rom, Rom(guest));                                      // not its ROM (DMA or stores),
        Assert.Equal(SHA256.HashData(before), SHA256.HashData(ParentMemory(parent))); // nor anything of the parent's
        Assert.Equal(VmRunState.Running, parent.State);
        machine.Dispose();
        Assert.Equal(parentDisk, File.ReadAllBytes(Path.Combine(temp.Folder, "a.img"))); // the parent's disk is as it was
    }

    private static byte[] ParentMemory(MachineVm vm)
    {
        var bytes = new byte[PatternLength];
        for (uint i = 0; i < PatternLength; i++) bytes[i] = vm.Hardware.Memory.Read8(PatternStart + i);
        return bytes;
    }

    private static byte[] Rom(MachineVm vm)
    {
        var bytes = new byte[0x10000];
        for (uint i = 0; i < bytes.Length; i++) bytes[i] = vm.Hardware.Memory.Read8(0xF0000 + i);
        return bytes;
    }
}
