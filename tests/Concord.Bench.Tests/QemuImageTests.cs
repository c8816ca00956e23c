using Concord.Bench.Workloads;

namespace Concord.Bench.Tests;

/// <summary>
/// The boot images that <c>qemu</c> times must, under QEMU with the bench's own command line, load the workload and
/// end through the debug exit at F4h with the guest's success status; otherwise the timings would be of something
/// else (a boot that failed, a run cut by the timeout). Skipped without qemu-system-i386.
/// </summary>
public sealed class QemuImageTests
{
    public static TheoryData<string> Workloads => [.. MipsReport.Mix.Select(w => w.Name)];

    [Theory]
    [MemberData(nameof(Workloads))]
    public void The_image_ends_through_the_debug_exit_under_QEMU(string name)
    {
        string qemu = QemuBench.Find(null) ?? Skip();
        Workload workload = MipsReport.Mix.Single(w => w.Name == name);

        // Throws, naming the status and QEMU's message, unless QEMU's exit status is the guest's success.
        TimeSpan time = QemuBench.RunQemu(qemu, workload, 2, TimeSpan.FromSeconds(60));

        Assert.True(time > TimeSpan.Zero);
    }

    private static string Skip()
    {
        Assert.Skip(HostTools.Missing("qemu-system-i386", "qemu-system-x86"));
        return "";
    }
}
