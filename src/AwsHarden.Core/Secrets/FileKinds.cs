using System.Runtime.InteropServices;
using System.Text;

namespace AwsHarden.Secrets;

/// <summary>What a directory entry is, as far as a scan cares.</summary>
internal enum FileKind { Regular, Directory, Symlink, Special, Missing, Denied, Unknown }

/// <summary>
/// Tells regular files from FIFOs, sockets and devices without opening them: opening a FIFO blocks until
/// a writer appears, and .NET's file attributes cannot tell them apart. Uses Linux statx, whose buffer
/// layout is the same on every architecture; elsewhere the answer is <see cref="FileKind.Unknown"/>.
/// </summary>
internal static class FileKinds
{
    private const int AtCurrentDirectory = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int TypeMask = 0xF000;
    private const int ENOENT = 2;
    private const int EACCES = 13;
    private const int ENOTDIR = 20;

    private static bool _unavailable = !OperatingSystem.IsLinux();

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirFd, byte[] path, int flags, uint mask, byte[] buffer);

    /// <summary>The kind of the entry itself (a symlink is a symlink, not its target).</summary>
    public static FileKind Of(string path)
    {
        if (_unavailable)
            return FileKind.Unknown;

        var buffer = new byte[256];
        int result;
        try
        {
            result = Statx(AtCurrentDirectory, Encoding.UTF8.GetBytes(path + "\0"), AtSymlinkNoFollow, StatxType,
                buffer);
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            // An old libc without statx: callers fall back to rules that never open a special file.
            _unavailable = true;
            return FileKind.Unknown;
        }

        if (result != 0)
            return Marshal.GetLastPInvokeError() switch
            {
                ENOENT or ENOTDIR => FileKind.Missing,
                EACCES => FileKind.Denied,
                _ => FileKind.Unknown,
            };

        return (BitConverter.ToUInt16(buffer, StatxModeOffset) & TypeMask) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.Symlink,
            _ => FileKind.Special,
        };
    }
}
