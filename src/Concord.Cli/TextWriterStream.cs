namespace Concord.Cli;

/// <summary>A write-only stream that hands each byte to a <see cref="TextWriter"/> as the character with the same code (Latin-1).</summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => writer.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        for (int i = 0; i < count; i++) writer.Write((char)buffer[offset + i]);
    }

    public override void WriteByte(byte value) => writer.Write((char)value);
}
