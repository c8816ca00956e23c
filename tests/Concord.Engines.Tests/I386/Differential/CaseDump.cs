namespace Concord.Engines.Tests.I386.Differential;

/// <summary>What the harness wrote for one case: the exception (or none), EFLAGS, EIP, the eight registers, the data and the stack.</summary>
internal readonly record struct CaseDump(uint Vector, uint Flags, uint Eip, uint[] Registers, byte[] Data, byte[] Stack)
{
    public const uint NoException = 0xFFFF_FFFF;

    /// <summary>The case's initial SP: the dumped stack is the bytes just below it.</summary>
    public const int StackTop = 0x0F00;

    public static CaseDump[] Parse(byte[] bytes)
    {
        int count = bytes.Length / HarnessRom.DumpSize;
        var dumps = new CaseDump[count];
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> d = bytes.AsSpan(i * HarnessRom.DumpSize, HarnessRom.DumpSize);
            var registers = new uint[8];
            for (int r = 0; r < 8; r++) registers[r] = BitConverter.ToUInt32(d[(12 + r * 4)..]);
            dumps[i] = new CaseDump(BitConverter.ToUInt32(d), BitConverter.ToUInt32(d[4..]), BitConverter.ToUInt32(d[8..]),
                                    registers, d.Slice(44, 32).ToArray(), d.Slice(76, 32).ToArray());
        }
        return dumps;
    }

    /// <summary>
    /// The differences from <paramref name="other"/>, flags compared under <paramref name="flagsMask"/>,
    /// also in the image of them the interrupt at the end of the case pushed on its stack (at
    /// ESP - <paramref name="flagsImageBelowEsp"/>, <paramref name="flagsImageSize"/> bytes; 0 when not on this stack); empty when none.
    /// </summary>
    public List<string> Differences(CaseDump other, uint flagsMask, int flagsImageBelowEsp, int flagsImageSize)
    {
        string[] names = ["EAX", "ECX", "EDX", "EBX", "ESP", "EBP", "ESI", "EDI"];
        var differences = new List<string>();
        if (Vector != other.Vector) differences.Add($"exception {Name(Vector)} against {Name(other.Vector)}");
        if (Eip != other.Eip) differences.Add($"EIP {Eip:X8} against {other.Eip:X8}");
        if ((Flags & flagsMask) != (other.Flags & flagsMask))
            differences.Add($"EFLAGS {Flags:X8} against {other.Flags:X8} (compared under {flagsMask:X4})");
        for (int r = 0; r < 8; r++)
            if (Registers[r] != other.Registers[r]) differences.Add($"{names[r]} {Registers[r]:X8} against {other.Registers[r]:X8}");
        if (!Data.AsSpan().SequenceEqual(other.Data)) differences.Add($"data {Convert.ToHexString(Data)} against {Convert.ToHexString(other.Data)}");
        byte[] stack = (byte[])Stack.Clone(), otherStack = (byte[])other.Stack.Clone();
        int image = (int)Registers[4] - flagsImageBelowEsp - (StackTop - Stack.Length);
        for (int k = 0; k < flagsImageSize; k++)
        {
            if (image + k < 0 || image + k >= stack.Length) continue;
            byte m = (byte)(flagsMask >> (8 * k));
            stack[image + k] &= m;
            otherStack[image + k] &= m;
        }
        if (!stack.AsSpan().SequenceEqual(otherStack)) differences.Add($"stack {Convert.ToHexString(Stack)} against {Convert.ToHexString(other.Stack)}");
        return differences;
    }

    private static string Name(uint vector) => vector == NoException ? "none" : $"{vector}";
}
