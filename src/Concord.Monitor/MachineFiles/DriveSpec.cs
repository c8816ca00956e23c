using Concord.Devices.Floppy;

namespace Concord.Monitor.MachineFiles;

/// <summary>One shared diskette drive of a machine file (a <c>[[drive]]</c> table), checked.</summary>
/// <param name="Name">Unique in the machine; a VM's <c>boot</c> may name it.</param>
/// <param name="ImagePath">The raw image, a full path (a relative path in the file is resolved against the file's folder).</param>
/// <param name="Format">The diskette's format (a machine file's image size was checked against it); null: the format the image's size says, checked when it is opened.</param>
/// <param name="Unit">The drive unit on the shared controller, 0 to 3 (A: to D:).</param>
public sealed record DriveSpec(string Name, string ImagePath, FloppyGeometry? Format, bool ReadOnly, int Unit)
{
    /// <summary>The letter a DOS gives the unit: A for 0 ... D for 3.</summary>
    public char Letter => (char)('A' + Unit);
}
