using System.Globalization;
using System.Text;
using Concord.Devices.Floppy.Fat;

namespace Concord.Cli.Commands;

/// <summary>
/// The text of <c>concord disk ls</c>: a header with the label, serial number and format, one line per
/// entry (8.3 name, size or &lt;DIR&gt;, date and time, attributes RHSA), and totals. For example:
/// <code>
/// Volume CONCORD, serial 58A6-3905, 1.44M FAT12
/// Directory of \
///
/// SUB          &lt;DIR&gt;  2024-01-01 00:00:00  ----
/// README   TXT     1234  2024-01-02 03:04:06  ---A
///         1 file, 1234 bytes; 1 directory
///         1444864 bytes free of 1457664
/// </code>
/// </summary>
internal static class DiskListing
{
    public static string Format(FatVolume volume, string path)
    {
        IReadOnlyList<FatDirectoryEntry> entries;
        string title;
        if (volume.IsDirectory(path))
        {
            entries = volume.List(path);
            title = "Directory of \\" + string.Join('\\', path.Split(['\\', '/'], StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
        }
        else
        {
            title = "File \\" + string.Join('\\', path.Split(['\\', '/'], StringSplitOptions.RemoveEmptyEntries)).ToUpperInvariant();
            FatDirectoryEntry entry = volume.Find(path)
                ?? throw new FatException(volume.ImageName, FatError.NotFound, $"'{title[5..]}' not found");
            entries = [entry];
        }

        var text = new StringBuilder();
        // Names and the label come from the disk as they are: their control bytes are shown as \xNN.
        string label = volume.Label is { } l ? $"Volume {PrintableText.Escape(l)}" : "Volume has no label";
        string serial = volume.VolumeId is { } id ? $", serial {id >> 16:X4}-{id & 0xFFFF:X4}" : "";
        text.Append(CultureInfo.InvariantCulture, $"{label}{serial}, {volume.Geometry.Name} FAT12\n");
        text.Append(PrintableText.Escape(title)).Append("\n\n");

        int files = 0, directories = 0;
        long bytes = 0;
        foreach (FatDirectoryEntry e in entries)
        {
            int dot = e.Name.IndexOf('.');
            string stem = PrintableText.Escape(dot >= 0 ? e.Name[..dot] : e.Name);
            string ext = PrintableText.Escape(dot >= 0 ? e.Name[(dot + 1)..] : "");
            string size = e.IsDirectory ? "<DIR>" : e.Size.ToString(CultureInfo.InvariantCulture);
            string when = e.Modified?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "????-??-?? ??:??:??";
            text.Append(CultureInfo.InvariantCulture, $"{stem,-8} {ext,-3} {size,8}  {when}  {Attributes(e.Attributes)}\n");
            if (e.IsDirectory) directories++;
            else
            {
                files++;
                bytes += e.Size;
            }
        }
        text.Append(CultureInfo.InvariantCulture, $"        {files} {(files == 1 ? "file" : "files")}, {bytes} bytes; {directories} {(directories == 1 ? "directory" : "directories")}\n");
        text.Append(CultureInfo.InvariantCulture, $"        {volume.FreeBytes} bytes free of {volume.TotalBytes}\n");
        return text.ToString();
    }

    private static string Attributes(FatAttributes a) => string.Concat(
        (a & FatAttributes.ReadOnly) != 0 ? 'R' : '-',
        (a & FatAttributes.Hidden) != 0 ? 'H' : '-',
        (a & FatAttributes.System) != 0 ? 'S' : '-',
        (a & FatAttributes.Archive) != 0 ? 'A' : '-');
}
