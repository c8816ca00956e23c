namespace Concord.Monitor.HostFolders;

/// <summary>
/// The action word of DOS 4's extended open/create (INT 21h AX=6C00h DX, the redirector's 112Eh):
/// bits 0-3 what to do when the file exists (0 fail, 1 open, 2 replace), bits 4-7 when it does not
/// (0 fail, 1 create).
/// </summary>
[Flags]
public enum DosOpenAction : ushort
{
    FailIfExists = 0x00,
    OpenIfExists = 0x01,
    ReplaceIfExists = 0x02,
    FailIfMissing = 0x00,
    CreateIfMissing = 0x10,
}
