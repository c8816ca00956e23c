using Concord.Monitor.MachineFiles;

namespace Concord.Monitor.Tests.Machines;

/// <summary>Machine specs for the tests: written as machine-file text and read by <see cref="MachineFile.Parse"/>, as the CLI reads them.</summary>
internal static class TestMachineFiles
{
    /// <summary>The repository's Concord DOS image for the at profile.</summary>
    public static string CdosAt => RepoPaths.Firmware("os", "cdos-at.img");

    /// <summary>The repository's Concord DOS image for the pc98 profile (1.23M, 1024-byte sectors).</summary>
    public static string CdosPc98 => RepoPaths.Firmware("os", "cdos-pc98.img");

    /// <summary>
    /// A parent of profile <paramref name="parentProfile"/> booting Concord DOS from A: and a guest of
    /// <paramref name="guestProfile"/> booting it from B:, each from a copy of its profile's image;
    /// <paramref name="extra"/> is appended (gates), <paramref name="parentKeys"/> and <paramref name="guestKeys"/> go into the VMs' tables.
    /// Both declare 9000-9FFF free (Concord DOS never uses it), so identity windows there may cover it.
    /// </summary>
    public static MachineSpec ParentAndGuest(TempFiles temp, string parentProfile = "at", string guestProfile = "pc98", string extra = "",
        string motor = "any", string command = "lease", string parentKeys = "", string guestKeys = "")
    {
        File.Copy(parentProfile == "at" ? CdosAt : CdosPc98, Path.Combine(temp.Folder, "a.img"), overwrite: true);
        File.Copy(guestProfile == "at" ? CdosAt : CdosPc98, Path.Combine(temp.Folder, "b.img"), overwrite: true);
        string text = $"""
            [[vm]]
            name = "parent"
            role = "parent"
            profile = "{parentProfile}"
            boot = "A"
            free = "9000-9FFF"
            {parentKeys}

            [[vm]]
            name = "guest"
            role = "guest"
            profile = "{guestProfile}"
            boot = "B"
            free = "9000-9FFF"
            {guestKeys}

            [[drive]]
            name = "parent-disk"
            image = "a.img"
            unit = 0

            [[drive]]
            name = "guest-disk"
            image = "b.img"
            unit = 1

            {extra}

            [policy]
            fdc.motor = "{motor}"
            fdc.select = "{command}"
            fdc.reset = "{command}"
            fdc.dma_gate = "{command}"
            fdc.command = "{command}"
            power = "all"

            [clock]
            mode = "virtual"
            """;
        return Parse(temp, text);
    }

    /// <summary>Two at-profile VMs, <c>dos</c> booting from A: and <c>guest</c> from B:, each with its own copy of Concord DOS.</summary>
    public static MachineSpec TwoDos(TempFiles temp, string motor = "any", string command = "lease", string power = "all", string clock = "virtual")
    {
        File.Copy(CdosAt, Path.Combine(temp.Folder, "a.img"), overwrite: true);
        File.Copy(CdosAt, Path.Combine(temp.Folder, "b.img"), overwrite: true);
        string text = $"""
            [[vm]]
            name = "dos"
            role = "parent"
            profile = "at"
            boot = "A"

            [[vm]]
            name = "guest"
            role = "guest"
            profile = "at"
            boot = "B"

            [[drive]]
            name = "dos-system"
            image = "a.img"
            unit = 0

            [[drive]]
            name = "guest-system"
            image = "b.img"
            unit = 1

            [policy]
            fdc.motor = "{motor}"
            fdc.select = "{command}"
            fdc.reset = "{command}"
            fdc.dma_gate = "{command}"
            fdc.command = "{command}"
            power = "{power}"

            [clock]
            mode = "{clock}"
            """;
        return Parse(temp, text);
    }

    public static MachineSpec Parse(TempFiles temp, string text)
    {
        MachineFileResult result = MachineFile.Parse(text, Path.Combine(temp.Folder, "machine.toml"));
        Assert.True(result.Spec is not null, string.Join("\n", result.Errors));
        return result.Spec!;
    }
}
