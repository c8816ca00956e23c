using Concord.Monitor.MachineFiles;

namespace Concord.Monitor.Pc;

/// <summary>From a machine file's profile name to the profile that builds the VM.</summary>
public static class ProfileChoice
{
    /// <summary>The <see cref="Profiles.PlatformProfile"/> (BIOS, text memory, video device, native drives) of a machine file's <paramref name="profile"/>.</summary>
    public static Profiles.PlatformProfile ToPlatform(this PlatformProfile profile) => profile switch
    {
        PlatformProfile.At => Profiles.PlatformProfile.At,
        PlatformProfile.Nx => Profiles.PlatformProfile.Nx,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, $"unknown platform profile; valid: {PlatformProfiles.ValidNames}"),
    };
}
