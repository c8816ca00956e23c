namespace Concord.Devices.Keyboard;

/// <summary>A fixed ring of bytes; full means the newest byte is dropped (as a keyboard buffer overruns).</summary>
internal sealed class ByteQueue(int capacity)
{
    private readonly byte[] _ring = new byte[capacity];
    private int _head, _count;

    public int Count => _count;

    public bool TryEnqueue(byte value)
    {
        if (_count == _ring.Length) return false;
        _ring[(_head + _count) % _ring.Length] = value;
        _count++;
        return true;
    }

    public byte Dequeue()
    {
        byte value = _ring[_head];
        _head = (_head + 1) % _ring.Length;
        _count--;
        return value;
    }

    public void Clear() => _head = _count = 0;
}
