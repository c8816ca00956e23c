using Concord.Devices.Floppy;
using Concord.Engines;
using Concord.Monitor.Clocks;
using Concord.Monitor.MachineFiles;
using Concord.Monitor.Sharing;
using Concord.Monitor.Table;
using Concord.Monitor.Vm;

namespace Concord.Monitor.Machines;

/// <summary>
/// Builds a <see cref="Machine"/>'s parts from its <see cref="MachineSpec"/>: the diskette images,
/// the clocks, the management table with the shared floppy controller and power relay, and each
/// VM's hardware (<see cref="VmHardware"/>, its vCPU made by the <see cref="EngineFactory"/>)
/// connected to the shared devices through its own ports.
/// </summary>
internal static class MachineBuilder
{
    /// <summary>Checks that every VM's engine can run here.</summary>
    /// <exception cref="MachineConfigurationException">A VM names an engine this build lacks.</exception>
    public static void CheckEngines(MachineSpec spec)
    {
        foreach (VmSpec vm in spec.Vms)
            if (!EngineFactory.IsAvailable(vm.Engine, out string reason))
                throw new MachineConfigurationException($"{spec.SourcePath}: VM {vm.Name}: {reason}");
    }

    /// <summary>Opens every drive's image (by unit); on failure closes those already open.</summary>
    /// <exception cref="FloppyImageException">An image is missing, unreadable, of no diskette size, or held by another process.</exception>
    public static FloppyImage?[] OpenImages(MachineSpec spec)
    {
        var images = new FloppyImage?[Fdc82077.DriveCount];
        try
        {
            foreach (DriveSpec d in spec.Drives) images[d.Unit] = FloppyImage.Open(d.ImagePath, d.ReadOnly, d.Format);
        }
        catch
        {
            foreach (FloppyImage? image in images) image?.Dispose();
            throw;
        }
        return images;
    }

    /// <summary>Puts a drive with its diskette on the shared controller for every drive of the spec; returns the drive types by unit.</summary>
    public static FloppyDriveType[] AttachDrives(MachineSpec spec, FloppyImage?[] images, SharedFdc fdc, MachineClock clock)
    {
        var types = new FloppyDriveType[Fdc82077.DriveCount];
        foreach (DriveSpec d in spec.Drives)
        {
            types[d.Unit] = DriveTypeFor(images[d.Unit]);
            var drive = new FloppyDrive(clock, types[d.Unit]);
            fdc.Controller.Attach(d.Unit, drive);
            drive.Insert(images[d.Unit]!);
        }
        return types;
    }

    /// <summary>One VM's hardware of its spec, its floppy controller and power relay ports going to the shared ones.</summary>
    public static VmHardware BuildVm(MachineSpec spec, VmSpec vs, VmId id, MachineClock clock, EngineFactory engines,
        FloppyDriveType[] types, DateTime start, MachineOptions options, SharedFdc fdc, SharedPowerRelay power)
    {
        int bootUnit = spec.Drive(vs.BootDrive)?.Unit ?? 0;
        return new VmHardware(new VmHardwareOptions
        {
            Name = vs.Name,
            Profile = vs.Profile,
            Model = vs.Cpu,
            Engine = vs.Engine,
            MemoryKib = vs.MemoryKib,
            StartTime = start,
            CmosDriveA = types[0] == FloppyDriveType.None ? vs.Profile.DefaultDriveType : types[0],
            CmosDriveB = types[1],
            BootFromB = bootUnit == 1,
            DebugConsole = options.DebugConsole?.Invoke(vs.Name),
            Id = id,
            PortWrites = options.TracePortWrites ? options.Trace : null,
        }, clock, engines, hardware =>
        {
            hardware.MapFloppyController(fdc.Connect(id, hardware.Pic.Irq(hardware.FloppyIrq), hardware.Dma, hardware.Caller));
            power.Connect(id, hardware.Caller).MapOn(hardware.Ports);
            return [fdc];
        });
    }

    /// <summary>A drive type that reads the medium: 1.44M unless it needs another.</summary>
    public static FloppyDriveType DriveTypeFor(FloppyImage? image)
    {
        if (image is null) return FloppyDriveType.Drive1440K;
        FloppyGeometry g = image.Geometry;
        if (g.Cylinders <= 42) return FloppyDriveType.Drive360K;
        return g.DataRate switch
        {
            FloppyDataRate.Mbps1 => FloppyDriveType.Drive2880K,
            FloppyDataRate.Kbps500 when g.SectorsPerTrack == 18 => FloppyDriveType.Drive1440K,
            FloppyDataRate.Kbps500 => FloppyDriveType.Drive1200K,
            _ => FloppyDriveType.Drive1440K,
        };
    }

    public static FieldPolicy ToField(SharingPolicy p) => p switch
    {
        SharingPolicy.Any => FieldPolicy.Any,
        SharingPolicy.All => FieldPolicy.All,
        SharingPolicy.Lease => FieldPolicy.Lease,
        SharingPolicy.Passthrough => FieldPolicy.Passthrough,
        SharingPolicy.Exclusive => FieldPolicy.Exclusive,
        _ => throw new ArgumentOutOfRangeException(nameof(p), p, "unknown sharing policy"),
    };

    /// <summary>The machine file's policies as the shared controller's options (select, reset and DMA gate follow the command's policy).</summary>
    public static SharedFdcOptions FdcOptions(PolicySpec policy) => new()
    {
        MotorPolicy = ToField(policy.FdcMotor),
        ControllerPolicy = ToField(policy.FdcCommand),
        ExclusiveHoldNs = policy.ExclusiveHoldMs * 1_000_000L,
    };
}
