using System.Runtime.InteropServices;

namespace Concord.Bench;

/// <summary>The host a figure was measured on: a figure without its machine means little.</summary>
public static class MachineInfo
{
    /// <summary>The CPU's model name from /proc/cpuinfo, or what the runtime knows elsewhere.</summary>
    public static string CpuName()
    {
        const string cpuinfo = "/proc/cpuinfo";
        if (File.Exists(cpuinfo))
        {
            foreach (string line in File.ReadLines(cpuinfo))
            {
                if (!line.StartsWith("model name", StringComparison.Ordinal)) continue;
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon >= 0) return line[(colon + 1)..].Trim();
            }
        }
        return $"unknown {RuntimeInformation.ProcessArchitecture} CPU";
    }

    public static string Describe() =>
        $"{CpuName()}, {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}";
}
