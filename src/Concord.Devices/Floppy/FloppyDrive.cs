using Concord.Devices.Bus;

namespace Concord.Devices.Floppy;

/// <summary>
/// A diskette drive as mechanics: a spindle motor that needs <see cref="SpinUpNs"/> to come up to
/// speed, a head that steps one track per <see cref="StepNs"/>, a disk change line, and the
/// diskette in it. Counts motor starts and motor-on time.
/// </summary>
/// <remarks>
/// The disk change line is set at power-on and whenever a diskette is removed or inserted; it is
/// reset by a step pulse while a diskette is in the drive and its motor is on, as on PC drives: a
/// seek that does not move the head does not reset it (BIOSes seek away and back).
/// A 40-cylinder diskette in an 80-track drive is read on even tracks (the BIOS double-steps).
/// </remarks>
public sealed class FloppyDrive
{
    private readonly IClock _clock;
    private long _motorOnTimeNs;

    public FloppyDrive(IClock clock, FloppyDriveType type = FloppyDriveType.Drive1440K)
    {
        _clock = clock;
        Type = type;
    }

    public FloppyDriveType Type { get; }

    /// <summary>Tracks the head can reach (0 .. this - 1).</summary>
    public int Tracks => Type == FloppyDriveType.Drive360K ? 42 : 84;

    /// <summary>Time from motor on until data can move. Default 500 ms.</summary>
    public long SpinUpNs { get; set; } = 500_000_000;

    /// <summary>Time for the head to move one track. Default 3 ms.</summary>
    public long StepNs { get; set; } = 3_000_000;

    /// <summary>One revolution: 200 ms at 300 rpm.</summary>
    public long RevolutionNs { get; set; } = 200_000_000;

    public FloppyImage? Media { get; private set; }

    /// <summary>The disk change line (DIR bit 7 when this drive is selected).</summary>
    public bool DiskChanged { get; private set; } = true;

    /// <summary>The track the head is on.</summary>
    public int Cylinder { get; internal set; }

    public bool MotorOn { get; private set; }

    public long MotorOnSinceNs { get; private set; }

    /// <summary>When the motor is (or was) up to speed; <see cref="long.MaxValue"/> while it is off.</summary>
    public long ReadyAtNs => MotorOn ? MotorOnSinceNs + SpinUpNs : long.MaxValue;

    public bool UpToSpeed => MotorOn && _clock.NowNs >= ReadyAtNs;

    public long MotorStarts { get; private set; }

    /// <summary>Total time the motor has been on, including the current run.</summary>
    public long MotorOnTimeNs => _motorOnTimeNs + (MotorOn ? _clock.NowNs - MotorOnSinceNs : 0);

    /// <summary>Called when the diskette is inserted or removed (the controller re-checks a waiting command).</summary>
    internal Action? MediaChanged { get; set; }

    public void Insert(FloppyImage image)
    {
        Media = image;
        DiskChanged = true;
        MediaChanged?.Invoke();
    }

    /// <summary>Takes the diskette out (it is not disposed) and returns it.</summary>
    public FloppyImage? Eject()
    {
        var media = Media;
        Media = null;
        DiskChanged = true;
        MediaChanged?.Invoke();
        return media;
    }

    internal void SetMotor(bool on)
    {
        if (on == MotorOn) return;
        long now = _clock.NowNs;
        if (on)
        {
            MotorStarts++;
            MotorOnSinceNs = now;
        }
        else
        {
            _motorOnTimeNs += now - MotorOnSinceNs;
        }
        MotorOn = on;
    }

    /// <summary>Moves the head by <paramref name="steps"/> step pulses (negative: outwards); returns the pulses actually given.</summary>
    internal int Step(int steps)
    {
        int target = Math.Clamp(Cylinder + steps, 0, Tracks - 1);
        int moved = Math.Abs(target - Cylinder);
        if (steps != 0 && Media is not null && MotorOn) DiskChanged = false;
        Cylinder = target;
        return moved;
    }

    /// <summary>The diskette's cylinder under the head, or -1 when there is none.</summary>
    internal int MediaCylinder()
    {
        if (Media is null) return -1;
        int c = Cylinder;
        if (Media.Geometry.Cylinders <= 42 && Tracks > 42)
        {
            if ((c & 1) != 0) return -1;
            c >>= 1;
        }
        return c < Media.Geometry.Cylinders ? c : -1;
    }
}
