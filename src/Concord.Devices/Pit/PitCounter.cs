namespace Concord.Devices.Pit;

/// <summary>
/// One counter of the 8254. Time is given in input-clock ticks; the counting element is computed
/// from the tick at which counting started, so nothing happens per tick.
/// </summary>
public sealed class PitCounter
{
    private PitCounterState _s;

    internal PitCounter()
    {
        _s.Gate = true;
        _s.Access = 3;
        _s.Reload = 65536;
        _s.StartCount = 65536;
    }

    public PitCounterState State => _s;

    public void Restore(in PitCounterState state) => _s = state;

    public int Mode => _s.Mode;

    public bool Gate => _s.Gate;

    /// <summary>The initial count last loaded (1-65536).</summary>
    public int Reload => _s.Reload;

    /// <summary>Input ticks between two rising edges of OUT in the periodic modes (2 and 3), else 0.</summary>
    public long Period => _s.Armed && !_s.Frozen && _s.Mode is 2 or 3 ? _s.Reload : 0;

    private int Modulus => _s.Bcd ? 10000 : 65536;

    internal void WriteControl(PitControlWord cw)
    {
        int mode = ((int)(cw & PitControlWord.ModeMask)) >> 1;
        if (mode > 5) mode -= 4; // x10 and x11 are modes 2 and 3
        _s.Mode = (byte)mode;
        _s.Access = (byte)(((int)(cw & PitControlWord.AccessMask)) >> 4);
        _s.Bcd = (cw & PitControlWord.Bcd) != 0;
        _s.Armed = false;
        _s.CountWritten = false;
        _s.Terminal = false;
        _s.Frozen = false;
        _s.NullCount = true;
        _s.PendingReload = 0;
        _s.WriteHighNext = false;
        _s.ReadHighNext = false;
        _s.LatchedBytes = 0;
        _s.StatusLatched = false;
    }

    internal void WriteCount(byte value, long tick)
    {
        int raw;
        switch (_s.Access)
        {
            case 1: raw = value; break;
            case 2: raw = value << 8; break;
            default:
                if (!_s.WriteHighNext)
                {
                    _s.WriteLow = value;
                    _s.WriteHighNext = true;
                    if (_s.Mode == 0) { _s.Armed = false; _s.Terminal = false; } // the first byte stops counting, OUT goes low
                    return;
                }
                _s.WriteHighNext = false;
                raw = _s.WriteLow | value << 8;
                break;
        }
        int count = _s.Bcd ? FromBcd(raw) : raw;
        if (count == 0) count = Modulus;
        Load(count, tick);
    }

    private void Load(int count, long tick)
    {
        Normalize(tick);
        _s.NullCount = false;
        switch (_s.Mode)
        {
            case 0:
            case 4:
                _s.Reload = count;
                _s.StartCount = count;
                _s.StartTick = tick;
                _s.Armed = true;
                _s.Terminal = false;
                _s.Frozen = !_s.Gate;
                _s.FrozenCount = count;
                break;
            case 1:
            case 5:
                _s.Reload = count;
                _s.CountWritten = true; // counting starts on the next gate trigger
                break;
            default:
                if (_s.Armed && !_s.Frozen)
                {
                    // A new count in modes 2 and 3 takes effect at the end of the current period.
                    long elapsed = tick - _s.StartTick;
                    _s.PendingReload = count;
                    _s.PendingFromTick = _s.StartTick + (elapsed / _s.Reload + 1) * _s.Reload;
                }
                else
                {
                    _s.Reload = count;
                    _s.StartTick = tick;
                    _s.Armed = true;
                    _s.Frozen = !_s.Gate;
                    _s.FrozenCount = count;
                }
                break;
        }
    }

    internal void SetGate(bool level, long tick)
    {
        if (level == _s.Gate) return;
        Normalize(tick);
        if (!level)
        {
            if (_s.Armed && !_s.Frozen && _s.Mode is 0 or 2 or 3 or 4)
            {
                Evaluate(tick, out int count, out _);
                long elapsed = tick - _s.StartTick;
                if (_s.Mode == 0 && elapsed >= _s.StartCount || _s.Mode == 4 && elapsed > _s.StartCount) _s.Terminal = true;
                _s.FrozenCount = count;
                _s.Frozen = true;
            }
            _s.Gate = false;
            return;
        }
        _s.Gate = true;
        switch (_s.Mode)
        {
            case 0:
            case 4:
                if (_s.Armed && _s.Frozen)
                {
                    _s.StartCount = _s.FrozenCount == 0 && !_s.Terminal ? Modulus : _s.FrozenCount;
                    _s.StartTick = tick;
                    _s.Frozen = false;
                }
                break;
            case 1:
            case 5:
                if (_s.CountWritten)
                {
                    _s.StartCount = _s.Reload;
                    _s.StartTick = tick;
                    _s.Armed = true;
                    _s.Terminal = false;
                }
                break;
            default:
                if (_s.Armed)
                {
                    if (_s.PendingReload != 0) { _s.Reload = _s.PendingReload; _s.PendingReload = 0; }
                    _s.StartTick = tick; // a rising gate reloads the counter
                    _s.Frozen = false;
                }
                break;
        }
    }

    private void Normalize(long tick)
    {
        if (_s.PendingReload != 0 && tick >= _s.PendingFromTick)
        {
            _s.StartTick = _s.PendingFromTick;
            _s.Reload = _s.PendingReload;
            _s.PendingReload = 0;
        }
    }

    /// <summary>The counting element (1-65536 as a number; shown as 0 for the maximum) and OUT at <paramref name="tick"/>.</summary>
    public void Evaluate(long tick, out int count, out bool output)
    {
        Normalize(tick);
        long elapsed = tick - _s.StartTick;
        switch (_s.Mode)
        {
            case 0:
            case 1:
                if (!_s.Armed) { count = _s.StartCount; output = _s.Mode == 1; return; }
                if (_s.Frozen) { count = _s.FrozenCount; output = _s.Terminal; return; }
                count = Wrap(_s.StartCount - elapsed);
                output = _s.Terminal || elapsed >= _s.StartCount;
                return;
            case 4:
            case 5:
                if (!_s.Armed) { count = _s.StartCount; output = true; return; }
                if (_s.Frozen) { count = _s.FrozenCount; output = true; return; }
                count = Wrap(_s.StartCount - elapsed);
                output = _s.Terminal || elapsed != _s.StartCount;
                return;
            case 2:
            {
                if (!_s.Armed) { count = _s.Reload; output = true; return; }
                if (_s.Frozen) { count = _s.FrozenCount; output = true; return; }
                int n = _s.Reload;
                int p = (int)(elapsed % n);
                count = n - p;
                output = p != n - 1;
                return;
            }
            default:
            {
                if (!_s.Armed) { count = _s.Reload; output = true; return; }
                if (_s.Frozen) { count = _s.FrozenCount; output = true; return; }
                int n = _s.Reload;
                int high = (n + 1) / 2;
                int p = (int)(elapsed % n);
                if (p < high) { count = (n & ~1) - 2 * p; output = true; }
                else { count = (n & ~1) - 2 * (p - high); output = false; }
                if (count <= 0) count = 2;
                return;
            }
        }
    }

    public bool Out(long tick)
    {
        Evaluate(tick, out _, out bool output);
        return output;
    }

    /// <summary>The first tick after <paramref name="tick"/> at which OUT rises, or <see cref="long.MaxValue"/>.</summary>
    public long NextRisingEdge(long tick)
    {
        Normalize(tick);
        if (!_s.Armed || _s.Frozen || _s.Terminal) return long.MaxValue;
        long elapsed = tick - _s.StartTick;
        switch (_s.Mode)
        {
            case 0:
            case 1:
                return elapsed < _s.StartCount ? _s.StartTick + _s.StartCount : long.MaxValue;
            case 4:
            case 5:
                return elapsed <= _s.StartCount ? _s.StartTick + _s.StartCount + 1 : long.MaxValue;
            default:
                return _s.StartTick + (elapsed / _s.Reload + 1) * _s.Reload;
        }
    }

    internal void LatchCount(long tick)
    {
        if (_s.LatchedBytes != 0) return; // a latched count is kept until it has been read
        Evaluate(tick, out int count, out _);
        _s.Latched = Displayed(count);
        _s.LatchedBytes = _s.Access == 3 ? (byte)2 : (byte)1;
        _s.LatchedHighNext = false;
    }

    internal void LatchStatus(long tick)
    {
        if (_s.StatusLatched) return;
        Evaluate(tick, out _, out bool output);
        _s.LatchedStatus = (byte)((output ? (int)PitStatus.Output : 0) | (_s.NullCount ? (int)PitStatus.NullCount : 0)
            | _s.Access << 4 | _s.Mode << 1 | (_s.Bcd ? 1 : 0));
        _s.StatusLatched = true;
    }

    internal byte ReadByte(long tick)
    {
        if (_s.StatusLatched)
        {
            _s.StatusLatched = false;
            return _s.LatchedStatus;
        }
        int value;
        bool high;
        if (_s.LatchedBytes != 0)
        {
            value = _s.Latched;
            high = _s.Access == 2 || _s.Access == 3 && _s.LatchedHighNext;
            _s.LatchedHighNext = !_s.LatchedHighNext;
            _s.LatchedBytes--;
        }
        else
        {
            Evaluate(tick, out int count, out _);
            value = Displayed(count);
            high = _s.Access == 2 || _s.Access == 3 && _s.ReadHighNext;
            if (_s.Access == 3) _s.ReadHighNext = !_s.ReadHighNext;
        }
        return (byte)(high ? value >> 8 : value);
    }

    private int Displayed(int count)
    {
        count %= Modulus;
        return _s.Bcd ? ToBcd(count) : count;
    }

    private int Wrap(long value)
    {
        long m = Modulus;
        return (int)(((value % m) + m) % m);
    }

    private static int ToBcd(int value) =>
        value % 10 | value / 10 % 10 << 4 | value / 100 % 10 << 8 | value / 1000 % 10 << 12;

    private static int FromBcd(int raw) =>
        (raw & 0xF) + (raw >> 4 & 0xF) * 10 + (raw >> 8 & 0xF) * 100 + (raw >> 12 & 0xF) * 1000;
}
