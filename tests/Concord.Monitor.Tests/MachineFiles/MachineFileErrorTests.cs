using Concord.Monitor.MachineFiles;

namespace Concord.Monitor.Tests.MachineFiles;

public sealed class MachineFileErrorTests : IDisposable
{
    private readonly MachineFolder _dir = new();

    public MachineFileErrorTests() => _dir.Image("pc.img", MachineFolder.Size144M);

    public void Dispose() => _dir.Dispose();

    /// <summary>Lines 1-8 of most files here: a valid parent and drive; tests add from line 9 on.</summary>
    private const string Head = """
        [[vm]]
        name = "pc"
        role = "parent"

        [[drive]]
        name = "pc-system"
        image = "pc.img"


        """;

    private string Single(string toml) => Assert.Single(_dir.Messages(_dir.Load(toml)));

    [Fact]
    public void A_missing_file_is_an_error_naming_the_path()
    {
        string path = Path.Combine(_dir.Folder, "nowhere.toml");

        var result = MachineFile.Load(path);

        Assert.False(result.IsValid);
        Assert.Equal($"{path}: cannot read the machine file: no such file", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void A_folder_is_not_a_machine_file()
    {
        var result = MachineFile.Load(_dir.Folder);

        Assert.Equal($"{_dir.Folder}: cannot read the machine file: it is a folder", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void A_TOML_syntax_error_names_the_line_and_column()
    {
        var messages = _dir.Messages(_dir.Load(Head + "memory = \n"));

        Assert.All(messages, m => Assert.StartsWith("demo.toml:9:10: TOML syntax: ", m, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("x = ", "[", "]")]
    [InlineData("x = ", "{ a = ", " }")]
    [InlineData("x = ", "[{ a = ", " }]")]
    public void Nesting_deeper_than_the_reader_takes_is_an_error_with_its_line(string start, string open, string close)
    {
        string deep = start + string.Concat(Enumerable.Repeat(open, 200)) + "1" + string.Concat(Enumerable.Repeat(close, 200)) + "\n";

        string message = Assert.Single(_dir.Messages(_dir.Load(Head + deep)));

        Assert.StartsWith("demo.toml:9:", message, StringComparison.Ordinal);
        Assert.Contains("nested", message);
    }

    [Theory]
    [InlineData("x = \"\\uD800\"", 6)]
    [InlineData("x = \"a\\\\b\\uDFFF\"", 10)]
    [InlineData("x = \"\\U00110000\"", 6)]
    [InlineData("x = \"\\U0011000\\uD800", 15)] // unterminated
    [InlineData("x = \"\"\"\n\\uDC00\"\"\"", 1)]
    public void An_escape_that_names_no_character_is_an_error_at_the_escape(string line, int column)
    {
        string message = Single(Head + line + "\n");

        int lineNumber = 9 + line.Count(c => c == '\n');
        Assert.StartsWith($"demo.toml:{lineNumber}:{column}: TOML: the escape \\", message, StringComparison.Ordinal);
        Assert.Contains("names no character", message);
    }

    [Fact]
    public void A_line_the_TOML_parser_throws_on_is_an_error_naming_that_line()
    {
        // Found by the fuzzer: a quote left open, then a backslash at the very end of the file. The
        // TOML parser throws ArgumentOutOfRangeException on it rather than reporting.
        var result = _dir.Load(Head + "bimageA\"\ninstructions_per_second = 10000000\\");

        Assert.Contains("demo.toml:10:1: TOML syntax: this line cannot be read (the parser failed on it)", _dir.Messages(result));
    }

    [Fact]
    public void A_file_that_ends_inside_an_escape_is_a_syntax_error()
    {
        var result = _dir.Load(Head + "x = \"\\");

        Assert.All(_dir.Messages(result), m => Assert.StartsWith("demo.toml:9:", m, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("x = \"")]
    [InlineData("x = '''")]
    [InlineData("# ")]
    public void Brackets_in_strings_and_comments_open_no_level(string start)
    {
        string quote = start.EndsWith("'''", StringComparison.Ordinal) ? "'''" : start.EndsWith('"') ? "\"" : "";
        string text = Head + start + new string('[', 200) + new string('{', 200) + quote + "\n";

        Assert.All(_dir.Load(text).Errors, e => Assert.DoesNotContain("nested", e.Message));
    }

    [Fact]
    public void A_bad_value_names_file_line_column_key_value_and_the_valid_values()
    {
        string message = Single(Head + """
            [[vm]]
            name = "nx"
            role = "child"
            """);

        Assert.Equal("demo.toml:11:8: vm[1].role = \"child\": valid values are parent, guest", message);
    }

    [Fact]
    public void A_misspelt_value_gets_a_suggestion()
    {
        string message = Single(Head + """
            [[vm]]
            name = "nx"
            role = "gest"
            """);

        Assert.Equal("demo.toml:11:8: vm[1].role = \"gest\": did you mean guest? valid values are parent, guest", message);
    }

    [Fact]
    public void An_unknown_key_close_to_a_known_one_gets_a_suggestion()
    {
        string message = Single(Head + """
            [clock]
            mod = "virtual"
            """);

        Assert.Equal("demo.toml:10:1: clock.mod = \"virtual\": unknown key, did you mean mode? valid keys are mode, instructions_per_second", message);
    }

    [Fact]
    public void An_unknown_key_far_from_every_known_one_lists_the_valid_keys()
    {
        string message = Single(Head + "colour = 3\n");

        // Line 9 is a key of the last [[drive]] table, as TOML reads it.
        Assert.Equal("demo.toml:9:1: drive[0].colour = 3: unknown key: valid keys are name, image, format, read_only, unit", message);
    }

    [Fact]
    public void An_unknown_table_gets_a_suggestion()
    {
        string message = Single(Head + "[[gates]]\ncaller = \"pc\"\n");

        Assert.Equal("demo.toml:9:3: gates: unknown key, did you mean gate? valid keys are vm, drive, gate, mount, policy, clock, trace", message);
    }

    [Fact]
    public void A_string_where_a_number_is_needed_says_so()
    {
        string message = Single("""
            [[vm]]
            name = "pc"
            role = "parent"
            memory_kib = "640"

            [[drive]]
            name = "pc-system"
            image = "pc.img"
            """);

        Assert.Equal("demo.toml:4:14: vm[0].memory_kib = \"640\": expected an integer, found a string: valid values are 64 to 640 (KiB) in steps of 4 for profile at; 1024 to 16384, memory above 1 MiB, need cpu = \"80386\"", message);
    }

    [Fact]
    public void A_number_where_a_string_is_needed_says_so()
    {
        string message = Single(Head + """
            [[vm]]
            name = "nx"
            role = "guest"
            engine = 1
            """);

        Assert.Equal("demo.toml:12:10: vm[1].engine = 1: expected a string, found an integer: valid values are interp, jit, auto, kvm", message);
    }

    [Theory]
    [InlineData("memory_kib = 32", "vm[0].memory_kib = 32: valid values are 64 to 640 (KiB) in steps of 4 for profile at; 1024 to 16384, memory above 1 MiB, need cpu = \"80386\"")]
    [InlineData("memory_kib = 642", "vm[0].memory_kib = 642: valid values are 64 to 640 (KiB) in steps of 4 for profile at; 1024 to 16384, memory above 1 MiB, need cpu = \"80386\"")]
    [InlineData("profile = \"pc88\"", "vm[0].profile = \"pc88\": did you mean pc98? valid values are at, pc98")]
    [InlineData("cpu = \"386\"", "vm[0].cpu = \"386\": valid values are 8086, 80286, 80386")]
    [InlineData("engine = \"jit\"\ncpu = \"80386\"", "vm[0].engine = \"jit\": engine jit translates 8086 and 80286 code only, not 80386; use engine auto (the interpreter for the 80386) or interp")]
    [InlineData("cpu = 8088", "vm[0].cpu = 8088: valid values are 8086, 80286, 80386")]
    [InlineData("busy_byte = \"1:2:3\"", "vm[0].busy_byte = \"1:2:3\": valid values are \"auto\", \"none\", a \"segment:offset\" in hex (e.g. \"0070:0123\") or a linear address below 100000h (e.g. 0x00823)")]
    [InlineData("busy_byte = 0x100000", "vm[0].busy_byte = 0x100000: valid values are \"auto\", \"none\", a \"segment:offset\" in hex (e.g. \"0070:0123\") or a linear address below 100000h (e.g. 0x00823)")]
    [InlineData("free = \"9000-9F7F\"", "vm[0].free = \"9000-9F7F\": valid values are a segment range \"SSSS-EEEE\" in hex of whole 4 KiB pages inside the VM's 640 KiB (e.g. \"9000-9FFF\"), or an array of them")]
    [InlineData("free = \"A000-AFFF\"", "vm[0].free = \"A000-AFFF\": valid values are a segment range \"SSSS-EEEE\" in hex of whole 4 KiB pages inside the VM's 640 KiB (e.g. \"9000-9FFF\"), or an array of them")]
    [InlineData("free = [\"1000-1FFF\", \"nine\"]", "vm[0].free = \"nine\": valid values are a segment range \"SSSS-EEEE\" in hex of whole 4 KiB pages inside the VM's 640 KiB (e.g. \"9000-9FFF\"), or an array of them")]
    [InlineData("free = 36864", "vm[0].free = 36864: expected a string, found an integer: valid values are a segment range \"SSSS-EEEE\" in hex of whole 4 KiB pages inside the VM's 640 KiB (e.g. \"9000-9FFF\"), or an array of them")]
    [InlineData("boot = \"E\"", "vm[0].boot = \"E\": no drive has this name: valid values are pc-system (A:) or a letter A to D")]
    [InlineData("boot = \"C\"", "vm[0].boot = \"C\": no drive is unit 2 (C:): valid values are pc-system (A:) or a letter A to D")]
    [InlineData("boot = \"pc-sytem\"", "vm[0].boot = \"pc-sytem\": no drive has this name: did you mean pc-system? valid values are pc-system (A:) or a letter A to D")]
    public void Each_bad_vm_value_says_what_would_be_valid(string line, string expected)
    {
        string message = Single($"""
            [[vm]]
            name = "pc"
            role = "parent"
            {line}

            [[drive]]
            name = "pc-system"
            image = "pc.img"
            """);

        Assert.Equal(expected, message[(message.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        Assert.StartsWith("demo.toml:4:", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_must_start_with_a_letter()
    {
        string message = Single(Head + """
            [[vm]]
            name = "9lives"
            role = "guest"
            """);

        Assert.Equal("demo.toml:10:8: vm[1].name = \"9lives\": valid values are 1 to 16 letters, digits, '_' or '-', starting with a letter", message);
    }

    [Fact]
    public void A_missing_required_key_points_at_its_table()
    {
        string message = Single(Head + """
            [[vm]]
            role = "guest"
            """);

        Assert.Equal("demo.toml:9:1: vm[1].name: missing: valid values are 1 to 16 letters, digits, '_' or '-', starting with a letter", message);
    }

    [Fact]
    public void A_machine_without_a_parent_is_refused()
    {
        string message = Single("""
            [[vm]]
            name = "nx"
            role = "guest"

            [[drive]]
            name = "pc-system"
            image = "pc.img"
            """);

        Assert.Equal("demo.toml:1:1: vm: no VM has role = \"parent\": exactly one VM must be the parent", message);
    }

    [Fact]
    public void A_second_parent_is_refused_where_it_is_declared()
    {
        string message = Single(Head + """
            [[vm]]
            name = "other"
            role = "parent"
            """);

        Assert.Equal("demo.toml:11:8: vm[1].role = \"parent\": vm[0] \"pc\" is already the parent: exactly one VM may be the parent", message);
    }

    [Fact]
    public void Vm_names_are_unique()
    {
        string message = Single(Head + """
            [[vm]]
            name = "pc"
            role = "guest"
            """);

        Assert.Equal("demo.toml:10:8: vm[1].name = \"pc\": vm[0] already has this name: names are unique", message);
    }

    [Fact]
    public void A_file_without_vms_or_drives_says_what_it_needs()
    {
        var messages = _dir.Messages(_dir.Load("# empty\n"));

        Assert.Equal(
            [
                "demo.toml:1:1: drive: missing: a machine needs at least one [[drive]] table (every VM boots from one)",
                "demo.toml:1:1: vm: missing: a machine needs [[vm]] tables, exactly one with role = \"parent\"",
            ],
            messages);
    }

    [Fact]
    public void A_missing_image_is_reported_with_its_resolved_path()
    {
        string message = Single("""
            [[vm]]
            name = "pc"
            role = "parent"

            [[drive]]
            name = "pc-system"
            image = "disks/none.img"
            """);

        Assert.Equal($"demo.toml:7:9: drive[0].image = \"disks/none.img\": no such file (disks{Path.DirectorySeparatorChar}none.img)", message);
    }

    [Fact]
    public void An_image_whose_size_does_not_match_its_format_is_refused()
    {
        string message = Single("""
            [[vm]]
            name = "pc"
            role = "parent"

            [[drive]]
            name = "pc-system"
            image = "pc.img"
            format = "1.23M"
            """);

        Assert.Equal("demo.toml:7:9: drive[0].image = \"pc.img\": the image has 1474560 bytes; format 1.23M needs 1261568 bytes", message);
    }

    [Fact]
    public void An_image_of_no_known_size_is_refused_under_format_auto()
    {
        _dir.Image("odd.img", 1000);

        string message = Single("""
            [[vm]]
            name = "pc"
            role = "parent"

            [[drive]]
            name = "pc-system"
            image = "odd.img"
            """);

        Assert.Equal(
            "demo.toml:7:9: drive[0].image = \"odd.img\": the image has 1000 bytes, not the size of a known diskette format: valid sizes are " +
            "163840 (160K), 184320 (180K), 327680 (320K), 368640 (360K), 737280 (720K), 1228800 (1.2M), 1261568 (1.23M), 1474560 (1.44M), 2949120 (2.88M)",
            message);
    }

    [Theory]
    [InlineData("format = \"1.44\"", "drive[1].format = \"1.44\": did you mean 1.44M? valid values are auto, 160K, 180K, 320K, 360K, 720K, 1.2M, 1.23M, 1.44M, 2.88M")]
    [InlineData("unit = 4", "drive[1].unit = 4: valid values are 0 to 3 (A: to D:)")]
    [InlineData("read_only = \"yes\"", "drive[1].read_only = \"yes\": expected a boolean, found a string: valid values are true, false")]
    [InlineData("name = \"pc-system\"", "drive[1].name = \"pc-system\": drive[0] already has this name: names are unique")]
    [InlineData("name = \"b\"", "drive[1].name = \"b\": a drive letter cannot be a drive's name (boot = \"A\" already means unit 0): valid names are longer")]
    public void Each_bad_drive_value_says_what_would_be_valid(string line, string expected)
    {
        _dir.Image("spare.img", MachineFolder.Size144M);
        string toml = Head + $"""
            [[drive]]
            image = "spare.img"
            {line}
            """;
        if (!line.StartsWith("name", StringComparison.Ordinal)) toml += "\nname = \"spare\"";

        string message = Single(toml);

        Assert.Equal("demo.toml:11:", message[..13]);
        Assert.Equal(expected, message[(message.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
    }

    [Fact]
    public void One_image_in_two_drives_is_refused_at_the_second()
    {
        string message = Single(Head + """
            [[drive]]
            name = "again"
            image = "./sub/../pc.img"
            """);

        Assert.Equal($"demo.toml:11:9: drive[1].image = \"./sub/../pc.img\": drive[0] \"pc-system\" has this image already (pc.img): " +
                     "an image can be in one drive only, unless every drive that has it is read_only = true", message);
    }

    [Fact]
    public void One_image_in_two_drives_through_a_symbolic_link_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(_dir.Folder, "link.img"), Path.Combine(_dir.Folder, "pc.img"));

        string message = Single(Head + """
            [[drive]]
            name = "again"
            image = "link.img"
            read_only = true
            """);

        Assert.StartsWith("demo.toml:11:9: drive[1].image = \"link.img\": drive[0] \"pc-system\" has this image already", message);
    }

    [Fact]
    public void One_image_in_two_read_only_drives_is_valid()
    {
        var result = _dir.Load("""
            [[vm]]
            name = "pc"
            role = "parent"

            [[drive]]
            name = "first"
            image = "pc.img"
            read_only = true

            [[drive]]
            name = "second"
            image = "pc.img"
            read_only = true
            """);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Two_drives_on_the_same_unit_are_refused()
    {
        _dir.Image("other.img", MachineFolder.Size144M);
        string message = Single("""
            [[vm]]
            name = "pc"
            role = "parent"
            boot = "first"

            [[drive]]
            name = "first"
            image = "pc.img"
            unit = 1

            [[drive]]
            name = "second"
            image = "other.img"
            unit = 1
            """);

        Assert.Equal("demo.toml:14:8: drive[1].unit = 1: drive[0] \"first\" is already unit 1: each unit holds one drive", message);
    }

    /// <summary>Lines 1-12: a parent, a guest and a drive; gates start on line 13.</summary>
    private const string TwoVms = """
        [[vm]]
        name = "pc"
        role = "parent"
        memory_kib = 256

        [[vm]]
        name = "nx"
        role = "guest"

        [[drive]]
        name = "pc-system"
        image = "pc.img"

        """;

    [Theory]
    [InlineData("caller = \"nx\"\nvector = 0x60\ncallee = \"pcc\"", "demo.toml:16:10: gate[0].callee = \"pcc\": no VM has this name: did you mean pc? valid values are pc, nx")]
    [InlineData("caller = \"nx\"\nvector = 0x60\ncallee = \"nx\"", "demo.toml:16:10: gate[0].callee = \"nx\": the callee must be another VM than the caller: valid values are pc, nx")]
    [InlineData("caller = \"nx\"\nvector = 256\ncallee = \"pc\"", "demo.toml:15:10: gate[0].vector = 256: valid values are 0 to 255 (0x00 to 0xFF)")]
    [InlineData("caller = \"nx\"\nvector = 0x60\ncallee = \"pc\"\nservice = -1", "demo.toml:17:11: gate[0].service = -1: valid values are 0 to 255 (0x00 to 0xFF)")]
    [InlineData("caller = \"nx\"\ncallee = \"pc\"", "demo.toml:13:1: gate[0].vector: missing: the interrupt vector the caller executes: valid values are 0 to 255 (0x00 to 0xFF)")]
    [InlineData("caller = \"nx\"\nvector = 0x60\ncallee = \"pc\"\nmapping = \"relocate\"", "demo.toml:17:11: gate[0].mapping = \"relocate\": relocation needs a window: add window = \"SSSS-EEEE\" or use mapping = \"identity\"")]
    [InlineData("caller = \"nx\"\nvector = 0x60\ncallee = \"pc\"\nmapping = \"mirror\"", "demo.toml:17:11: gate[0].mapping = \"mirror\": valid values are identity, relocate")]
    [InlineData("caller = \"nx\"\nvector = 0x60\ncallee = \"pc\"\nwindow = \"1000-1F7F\"", "demo.toml:17:10: gate[0].window = \"1000-1F7F\": the window must start and end on 4 KiB page boundaries (the monitor lends whole pages): valid values are a segment range \"SSSS-EEEE\" in hex (e.g. \"1000-1FFF\") or { address = 0x10000, length = 0x10000 }, in whole 4 KiB pages below 1 MiB")]
    [InlineData("caller = \"nx\"\nvector = 0x60\ncallee = \"pc\"\nwindow = { address = 0x10000, size = 0x1000 }", "demo.toml:17:31: gate[0].window.size = 0x1000: unknown key: valid keys are address, length")]
    [InlineData("caller = \"pc\"\nvector = 0x61\ncallee = \"nx\"\nwindow = \"3000-4FFF\"", "demo.toml:17:10: gate[0].window = \"3000-4FFF\": the window ends at 4FFFFh, beyond the 256 KiB of conventional memory of vm \"pc\": a window lends the caller's own memory")]
    [InlineData("caller = \"nx\"\nvector = 0x60\ncallee = \"pc\"\nallow = \"some\"", "demo.toml:17:9: gate[0].allow = \"some\": valid values are \"all\" or an array of the services (AH values) the gate passes, as integers 0-255 (0x3D), strings \"3Dh\" or ranges \"3Ch-40h\", e.g. allow = [\"3Dh-3Fh\", \"42h\"]")]
    [InlineData("caller = \"nx\"\nvector = 0x60\ncallee = \"pc\"\nallow = []", "demo.toml:17:9: gate[0].allow = []: an empty list passes no service, so every call would be refused: valid values are")]
    [InlineData("caller = \"nx\"\nvector = 0x60\ncallee = \"pc\"\nallow = [\"3Dh\", 256]", "demo.toml:17:17: gate[0].allow[1] = 256: valid values are")]
    [InlineData("caller = \"nx\"\nvector = 0x60\ncallee = \"pc\"\nallow = [\"40h-3Ch\"]", "demo.toml:17:10: gate[0].allow[0] = \"40h-3Ch\": the range ends before it starts: valid values are")]
    [InlineData("caller = \"nx\"\nvector = 0x60\ncallee = \"pc\"\nallow = [\"3Dh-\"]", "demo.toml:17:10: gate[0].allow[0] = \"3Dh-\": valid values are")]
    [InlineData("caller = \"nx\"\nvector = 0x60\ncallee = \"pc\"\nwindow_read_only = true", "demo.toml:17:20: gate[0].window_read_only = true: a gate without a window lends no memory: add window = \"SSSS-EEEE\" or remove window_read_only")]
    public void Each_bad_gate_says_what_would_be_valid(string lines, string expected)
    {
        var messages = _dir.Messages(_dir.Load(TwoVms + "[[gate]]\n" + lines + "\n"));

        Assert.Contains(messages, m => m.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_gates_on_the_same_caller_and_vector_are_refused()
    {
        string message = Single(TwoVms + """
            [[gate]]
            caller = "nx"
            vector = 0x60
            callee = "pc"

            [[gate]]
            caller = "nx"
            vector = 96
            callee = "pc"
            service = 0x21
            """);

        Assert.Equal("demo.toml:20:10: gate[1].vector = 96: gate[0] already binds vector 60h of vm \"nx\": a (caller, vector) pair has one gate", message);
    }

    [Theory]
    [InlineData("fdc.motor = \"some\"", "policy.fdc.motor = \"some\": valid values are any, all, lease, passthrough, exclusive")]
    [InlineData("fdc.command = \"any\"", "policy.fdc.command = \"any\": valid values are lease, passthrough, exclusive")]
    [InlineData("power = \"lease\"", "policy.power = \"lease\": valid values are all, any, passthrough, exclusive")]
    [InlineData("fdc.comand = \"lease\"", "policy.fdc.comand = \"lease\": unknown key, did you mean command? valid keys are motor, select, reset, dma_gate, command")]
    [InlineData("exclusive_hold_ms = -1", "policy.exclusive_hold_ms = -1: valid values are 0 to 60000 (milliseconds)")]
    [InlineData("fdc = \"any\"", "policy.fdc = \"any\": expected a table ([policy.fdc]), found a string")]
    public void Each_bad_policy_says_what_would_be_valid(string line, string expected)
    {
        string message = Single(Head + "[policy]\n" + line + "\n");

        Assert.StartsWith("demo.toml:10:", message, StringComparison.Ordinal);
        Assert.Equal(expected, message[(message.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
    }

    [Theory]
    [InlineData("mode = \"real\"", "clock.mode = \"real\": did you mean realtime? valid values are virtual, realtime")]
    [InlineData("instructions_per_second = 3000000", "clock.instructions_per_second = 3000000: valid values are 1000 to 1000000000 dividing 1000000000 (each instruction takes whole nanoseconds), e.g. 1000000, 4000000, 10000000")]
    [InlineData("instructions_per_second = 1e7", "clock.instructions_per_second = 1e7: expected an integer, found a float: valid values are 1000 to 1000000000 dividing 1000000000 (each instruction takes whole nanoseconds), e.g. 1000000, 4000000, 10000000")]
    public void Each_bad_clock_value_says_what_would_be_valid(string line, string expected)
    {
        string message = Single(Head + "[clock]\n" + line + "\n");

        Assert.StartsWith("demo.toml:10:", message, StringComparison.Ordinal);
        Assert.Equal(expected, message[(message.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
    }

    [Fact]
    public void A_trace_in_a_missing_folder_is_refused()
    {
        string message = Single(Head + "[trace]\npath = \"out/trace.jsonl\"\n");

        Assert.Equal("demo.toml:10:8: trace.path = \"out/trace.jsonl\": no such folder (out): valid values are file paths (relative to the machine file's folder) in an existing folder", message);
    }

    [Fact]
    public void Every_error_of_a_file_is_reported_in_file_order()
    {
        var messages = _dir.Messages(_dir.Load("""
            [clock]
            mode = "fast"

            [[gate]]
            caller = "pc"
            vector = 300
            callee = "ghost"

            [[vm]]
            name = "pc"
            role = "parent"
            memory_kib = 1024
            engin = "interp"

            [[vm]]
            name = "pc"
            role = "parent"

            [[drive]]
            name = "pc-system"
            image = "pc.img"
            format = "720K"
            """));

        Assert.Equal(
            [
                "demo.toml:2:8: clock.mode = \"fast\": valid values are virtual, realtime",
                "demo.toml:6:10: gate[0].vector = 300: valid values are 0 to 255 (0x00 to 0xFF)",
                "demo.toml:7:10: gate[0].callee = \"ghost\": no VM has this name: valid values are pc",
                "demo.toml:12:14: vm[0].memory_kib = 1024: valid values are 64 to 640 (KiB) in steps of 4 for profile at; 1024 to 16384, memory above 1 MiB, need cpu = \"80386\"",
                "demo.toml:13:1: vm[0].engin = \"interp\": unknown key, did you mean engine? valid keys are name, role, profile, memory_kib, engine, cpu, boot, busy_byte, free",
                "demo.toml:16:8: vm[1].name = \"pc\": vm[0] already has this name: names are unique",
                "demo.toml:17:8: vm[1].role = \"parent\": vm[0] \"pc\" is already the parent: exactly one VM may be the parent",
                "demo.toml:21:9: drive[0].image = \"pc.img\": the image has 1474560 bytes; format 720K needs 737280 bytes",
            ],
            messages);
    }

    [Fact]
    public void Errors_are_values_with_their_parts()
    {
        var result = _dir.Load(Head + "[clock]\nmode = \"fast\"\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(new MachineFileError(Path.Combine(_dir.Folder, "demo.toml"), 10, 8, "clock.mode", "\"fast\"", "valid values are virtual, realtime"), error);
    }
}
