using Concord.Core.Cpu;

namespace Concord.Engines.Tests.SingleStep;

/// <summary>The SingleStepTests harness itself: it finds the opcode entry, masks what it should, and reports what differs.</summary>
public sealed class HarnessTests
{
    private static SuiteMetadata Metadata8086() =>
        SuiteMetadata.Load(SuiteLocator.RequireFile(SuiteLocator.Require("sst8086"), "metadata.json"));

    [Fact]
    public void Opcode_entry_is_found_after_the_prefixes_with_reg_from_the_file_name()
    {
        OpcodeInfo info = Metadata8086().For([0x26, 0xF3, 0xD2, 0xE0], regFromFileName: 4);

        Assert.Equal("normal", info.Status);
        Assert.Equal(0xF7EF, info.FlagsMask); // SHL by CL: OF and AF undefined
    }

    [Theory]
    [InlineData(new byte[] { 0x8F, 0x06, 0x34, 0x12 }, false)] // reg 0: POP
    [InlineData(new byte[] { 0x2E, 0x8F, 0x0E, 0x34, 0x12 }, true)] // reg 1
    [InlineData(new byte[] { 0xC6, 0xF8, 0x12 }, true)] // reg 7
    [InlineData(new byte[] { 0xC7, 0xC0, 0x34, 0x12 }, false)] // reg 0: MOV
    public void Reg_of_8F_C6_C7_comes_from_the_modrm_byte(byte[] bytes, bool undefined)
    {
        Assert.Equal(undefined, Metadata8086().For(bytes, regFromFileName: null).IsUndefined);
    }

    [Fact]
    public void Flag_letters_are_upper_case_when_set()
    {
        Assert.Equal("oditszapc", SstReport.FlagLetters(0xF002));
        Assert.Equal("ODITSZAPC", SstReport.FlagLetters(0x0FD5));
        Assert.Equal("differs in ZF expected 1, actual 0, CF expected 0, actual 1",
                     SstReport.FlagDifference(0x0040, 0x0001, 0xFFFF));
    }

    private static SstCase Case(byte[] code, ushort ax, ushort?[] final, RamByte[] finalRam)
    {
        var initial = new ushort[SstCase.RegisterCount];
        initial[(int)SstRegister.AX] = ax;
        initial[(int)SstRegister.CS] = 0x1000;
        initial[(int)SstRegister.IP] = 0x0100;
        initial[(int)SstRegister.SS] = 0x2000;
        initial[(int)SstRegister.SP] = 0x0100;
        initial[(int)SstRegister.Flags] = 0xF002;
        var ram = code.Select((b, i) => new RamByte(0x10100 + (uint)i, b)).ToArray();
        return new SstCase
        {
            Index = 0, Name = "synthetic", Bytes = code, TestNumber = 0,
            Initial = initial, InitialRam = ram, Final = final, FinalRam = finalRam,
        };
    }

    private static ushort?[] Final(params (SstRegister Register, ushort Value)[] changes)
    {
        var final = new ushort?[SstCase.RegisterCount];
        foreach ((SstRegister r, ushort v) in changes) final[(int)r] = v;
        return final;
    }

    [Fact]
    public void Vector_that_matches_passes_and_a_wrong_register_is_reported_by_name()
    {
        using var runner = new SstRunner(EngineKind.Interp, CpuModel.I8086);
        var normal = new OpcodeInfo("normal", 0xFFFF);
        // INC AX: AX 0001 -> 0002, IP +1, flags all clear (PF clear: 02h has one bit).
        ushort?[] right = Final((SstRegister.AX, 2), (SstRegister.IP, 0x101));
        ushort?[] wrong = Final((SstRegister.AX, 3), (SstRegister.IP, 0x101));

        Assert.Null(runner.Run(Case([0x40], 1, right, []), normal));
        string? report = runner.Run(Case([0x40], 1, wrong, []), normal);

        Assert.NotNull(report);
        Assert.Contains("AX expected 0003, actual 0002", report);
    }

    [Fact]
    public void Flags_outside_the_mask_are_not_compared_and_flags_inside_are()
    {
        using var runner = new SstRunner(EngineKind.Interp, CpuModel.I8086);
        // INC AX from 0000: ZF clear, PF clear. Claim ZF set: hidden by a mask without ZF, reported otherwise.
        SstCase test = Case([0x40], 0, Final((SstRegister.AX, 1), (SstRegister.IP, 0x101), (SstRegister.Flags, 0xF042)), []);

        Assert.Null(runner.Run(test, new OpcodeInfo("normal", 0xFFBF)));
        Assert.Contains("ZF expected 1, actual 0", runner.Run(test, new OpcodeInfo("normal", 0xFFFF)));
    }

    [Fact]
    public void Wrong_memory_byte_is_reported_with_its_address()
    {
        using var runner = new SstRunner(EngineKind.Interp, CpuModel.I8086);
        // MOV [BX],AL with BX=0 and DS=0: writes AL to 00000.
        SstCase test = Case([0x88, 0x07], 0x00AB, Final((SstRegister.IP, 0x102)), [new RamByte(0, 0xCD)]);

        string? report = runner.Run(test, new OpcodeInfo("normal", 0xFFFF));

        Assert.NotNull(report);
        Assert.Contains("RAM 00000 expected CD, actual AB", report);
    }

    [Fact]
    public void Memory_a_vector_wrote_is_cleared_before_the_next()
    {
        using var runner = new SstRunner(EngineKind.Interp, CpuModel.I8086);
        var normal = new OpcodeInfo("normal", 0xFFFF);
        SstCase write = Case([0x88, 0x07], 0x00AB, Final((SstRegister.IP, 0x102)), [new RamByte(0, 0xAB)]);
        Assert.Null(runner.Run(write, normal));

        // MOV AL,[BX]: reads back 00000, which no vector set up any more.
        SstCase read = Case([0x8A, 0x07], 0x00FF, Final((SstRegister.AX, 0), (SstRegister.IP, 0x102)), []);
        Assert.Null(runner.Run(read, normal));
    }
}
