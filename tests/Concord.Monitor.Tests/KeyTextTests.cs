using Concord.Monitor.Automation;

namespace Concord.Monitor.Tests;

public sealed class KeyTextTests
{
    [Theory]
    [InlineData(@"dir\r", "dir\r")]
    [InlineData(@"a\tb\nc\e\b", "a\tb\nc\x1B\b")]
    [InlineData(@"\x41\x7e", "A~")]
    [InlineData(@"A:\>", @"A:\>")]          // an unknown escape stays as written: the DOS prompt
    [InlineData(@"b:\\x.txt", @"b:\x.txt")]
    [InlineData(@"\x4", @"\x4")]             // \x needs two hex digits
    [InlineData(@"end\", @"end\")]
    public void Escapes_are_replaced_and_other_backslashes_kept(string raw, string expected)
    {
        Assert.True(KeyText.TryUnescape(raw, out string text, out _));
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Characters_no_key_types_are_named()
    {
        Assert.Null(KeyText.FindUntypable("dir a:\\*.* /w\r\x1B\x03"));
        Assert.StartsWith("character \\xE9 cannot be typed", KeyText.FindUntypable("caf\u00E9"));
    }

    [Fact]
    public void Escape_writes_control_characters_back_as_escapes()
    {
        Assert.Equal(@"dir\r\n\e\x03\\ ""q""", KeyText.Escape("dir\r\n\x1B\x03\\ \"q\"").Replace("\\\"", "\""));
    }
}
