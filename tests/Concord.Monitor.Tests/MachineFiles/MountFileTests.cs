using Concord.Monitor.MachineFiles;

namespace Concord.Monitor.Tests.MachineFiles;

/// <summary><c>[[mount]]</c>: host folders as drives of a VM's DOS, and every error one can make in it.</summary>
public sealed class MountFileTests : IDisposable
{
    private readonly MachineFolder _dir = new();

    public MountFileTests()
    {
        _dir.Image("pc.img", MachineFolder.Size144M);
        Directory.CreateDirectory(Path.Combine(_dir.Folder, "share"));
    }

    public void Dispose() => _dir.Dispose();

    private const string Head = """
        [[vm]]
        name = "pc"
        role = "parent"

        [[vm]]
        name = "other"
        role = "guest"

        [[drive]]
        name = "pc-system"
        image = "pc.img"

        """;

    private string Single(string toml) => Assert.Single(_dir.Messages(_dir.Load(Head + toml)));

    [Fact]
    public void A_mount_names_its_vm_letter_folder_and_whether_it_is_read_only()
    {
        MachineFileResult result = _dir.Load(Head + """
            [[mount]]
            letter = "d:"
            path = "share"

            [[mount]]
            vm = "other"
            letter = "E"
            path = "share"
            read_only = true
            """);

        Assert.True(result.IsValid, result.ToString());
        string share = Path.Combine(_dir.Folder, "share");
        Assert.Equal([new MountSpec("pc", 'D', share, false), new MountSpec("other", 'E', share, true)], result.Spec!.Mounts);
    }

    [Theory]
    [InlineData("letter = \"A\"\npath = \"share\"", "demo.toml:13:10: mount[0].letter = \"A\": A: is a diskette drive: valid values are C to Z")]
    [InlineData("letter = \"DD\"\npath = \"share\"", "demo.toml:13:10: mount[0].letter = \"DD\": valid values are a drive letter C to Z (\"D\" or \"D:\")")]
    [InlineData("letter = 4\npath = \"share\"", "demo.toml:13:10: mount[0].letter = 4: expected a string, found an integer: valid values are a drive letter C to Z (\"D\" or \"D:\")")]
    [InlineData("letter = \"D\"\npath = \"nothere\"", "demo.toml:14:8: mount[0].path = \"nothere\": no such folder (nothere)")]
    [InlineData("letter = \"D\"\npath = \"pc.img\"", "demo.toml:14:8: mount[0].path = \"pc.img\": pc.img is a file: valid values are folders")]
    [InlineData("letter = \"D\"", "demo.toml:12:1: mount[0].path: missing: the host folder served as the drive, a path (relative to the machine file's folder)")]
    [InlineData("vm = \"nobody\"\nletter = \"D\"\npath = \"share\"", "demo.toml:13:6: mount[0].vm = \"nobody\": no VM has this name: valid values are pc, other")]
    [InlineData("letter = \"D\"\npath = \"share\"\nreadonly = true", "demo.toml:15:1: mount[0].readonly = true: unknown key, did you mean read_only? valid keys are vm, letter, path, read_only")]
    public void A_bad_mount_is_one_error_naming_its_line_key_value_and_what_is_valid(string body, string expected)
    {
        string message = Single("[[mount]]\n" + body + "\n");
        Assert.Equal(expected, message);
    }

    [Fact]
    public void A_letter_holds_one_folder_per_vm()
    {
        string message = Single("""
            [[mount]]
            letter = "D"
            path = "share"

            [[mount]]
            letter = "d:"
            path = "share"
            """);
        Assert.Equal("demo.toml:17:10: mount[1].letter = \"d:\": mount[0] already mounts D: in vm \"pc\": a drive letter holds one folder", message);
    }
}
