using Concord.Core.Cpu;
using Iced.Intel;

namespace Concord.Engines.Tests.Programs;

/// <summary>
/// A 16-bit program built with Iced's assembler at a fixed origin (its first IP), with the IPs of
/// its labels. The build checks that the encoding uses only instructions the target CPU has (Iced
/// would otherwise pick, e.g., a 386 near Jcc for a far-away target).
/// </summary>
internal sealed class Assembled
{
    private readonly AssemblerResult _result;

    private Assembled(byte[] bytes, ushort origin, AssemblerResult result)
    {
        Bytes = bytes;
        Origin = origin;
        _result = result;
    }

    public byte[] Bytes { get; }
    public ushort Origin { get; }

    /// <summary>The IP (offset in the program's segment) of a label.</summary>
    public ushort Ip(Label label) => checked((ushort)_result.GetLabelRIP(label));

    /// <param name="checkFeatures">False for programs that hold invalid opcodes on purpose.</param>
    public static Assembled Build(Assembler a, ushort origin, CpuModel model, bool checkFeatures = true)
    {
        var writer = new ByteWriter();
        AssemblerResult result = a.Assemble(writer, origin, BlockEncoderOptions.ReturnNewInstructionOffsets);
        byte[] bytes = writer.Bytes.ToArray();
        if (checkFeatures) CheckFeatures(bytes, origin, model);
        return new Assembled(bytes, origin, result);
    }

    private static void CheckFeatures(byte[] bytes, ushort origin, CpuModel model)
    {
        var decoder = Decoder.Create(16, new ByteArrayCodeReader(bytes), origin);
        while (decoder.IP < origin + (ulong)bytes.Length)
        {
            Instruction instruction = decoder.Decode();
            foreach (CpuidFeature feature in instruction.CpuidFeatures)
            {
                bool allowed = feature == CpuidFeature.INTEL8086 ||
                               (model != CpuModel.I8086 && feature is CpuidFeature.INTEL186 or CpuidFeature.INTEL286) ||
                               (model == CpuModel.I80386 && feature == CpuidFeature.INTEL386);
                if (!allowed)
                    throw new InvalidOperationException(
                        $"test program bug: {instruction} at {instruction.IP16:X4} needs {feature}, which the {model.Name()} lacks");
            }
        }
    }

    private sealed class ByteWriter : CodeWriter
    {
        public List<byte> Bytes { get; } = [];
        public override void WriteByte(byte value) => Bytes.Add(value);
    }
}
