using BenchmarkDotNet.Attributes;
using Concord.Bench.Workloads;
using Concord.Core.Cpu;

namespace Concord.Bench;

/// <summary>
/// BenchmarkDotNet figures for one run of each workload's program with a single repetition. The
/// baseline is the LCG fill (plain register arithmetic and a store), to compare the others with.
/// </summary>
[MemoryDiagnoser]
public class MicroBenchmarks
{
    private GuestRunner? _lcg, _copy, _crc, _sieve, _mulDiv;

    [Params(CpuModel.I8086, CpuModel.I80286)]
    public CpuModel Model { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _lcg = new GuestRunner(new LcgFill(), Model);
        _copy = new GuestRunner(new BlockCopy(), Model);
        _crc = new GuestRunner(new Crc16(), Model);
        _sieve = new GuestRunner(new Sieve(), Model);
        _mulDiv = new GuestRunner(new MulDivChain(), Model);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (GuestRunner? r in new[] { _lcg, _copy, _crc, _sieve, _mulDiv }) r?.Dispose();
    }

    [Benchmark(Baseline = true)]
    public long LcgFill() => _lcg!.RunOnce(1).Instructions;

    [Benchmark]
    public long RepMovsw() => _copy!.RunOnce(1).Instructions;

    [Benchmark]
    public long Crc16() => _crc!.RunOnce(1).Instructions;

    [Benchmark]
    public long Sieve() => _sieve!.RunOnce(1).Instructions;

    [Benchmark]
    public long MulDiv() => _mulDiv!.RunOnce(1).Instructions;
}
