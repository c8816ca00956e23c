using Concord.Cli.Commands;

namespace Concord.Cli.Tests;

/// <summary>
/// The bundled system lives in a folder of its edition: a copy an older Concord wrote (whose guest
/// diskette does not boot on the PC-98 guest) is left as it was, and the first run says so.
/// </summary>
public sealed class BundledEditionTests : IDisposable
{
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void A_copy_of_an_older_edition_is_kept_untouched_and_named_while_a_new_copy_is_made_beside_it()
    {
        string concord = Path.Combine(_files.Folder, "concord");
        string old = BundledSystem.EditionFolder(concord, 1);
        Directory.CreateDirectory(old);
        File.WriteAllText(Path.Combine(old, BundledSystem.MachineFileName), "# an edition-1 machine file, edited by its user\n");
        File.WriteAllBytes(Path.Combine(old, "guest.img"), [1, 2, 3]);
        var notes = new List<string>();

        string folder = BundledSystem.EditionFolder(concord, BundledSystem.Edition);
        string machine = BundledSystem.Prepare(folder, BundledSystem.OlderEdition(concord), notes.Add);

        Assert.Equal(Path.Combine(concord, "bundled-" + BundledSystem.Edition, BundledSystem.MachineFileName), machine);
        Assert.Equal(BundledSystem.MachineFileText + "\n", File.ReadAllText(machine));
        Assert.Equal("# an edition-1 machine file, edited by its user\n", File.ReadAllText(Path.Combine(old, BundledSystem.MachineFileName)));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(Path.Combine(old, "guest.img")));
        Assert.Contains(notes, n => n.StartsWith(old + " holds the bundled system of an older Concord, kept as it was", StringComparison.Ordinal));

        notes.Clear();
        BundledSystem.Prepare(folder, BundledSystem.OlderEdition(concord), notes.Add); // the second run: nothing to say
        Assert.Empty(notes);
    }

    [Fact]
    public void Without_an_older_copy_the_first_run_names_only_its_own_folder()
    {
        string concord = Path.Combine(_files.Folder, "concord");
        var notes = new List<string>();

        BundledSystem.Prepare(BundledSystem.EditionFolder(concord, BundledSystem.Edition), BundledSystem.OlderEdition(concord), notes.Add);

        Assert.DoesNotContain(notes, n => n.Contains("older Concord", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("first run: copied the bundled Concord DOS diskettes", StringComparison.Ordinal));
    }
}
