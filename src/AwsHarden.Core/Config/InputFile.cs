using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using AwsHarden.Model;

namespace AwsHarden.Config;

/// <summary>What kind of file an option reads, and how large such a file can honestly be.</summary>
public sealed record InputKind(string Noun, string Option, long MaxBytes, string? Hint = null)
{
    private const long MiB = 1L << 20;

    public static readonly InputKind Snapshot = new("snapshot", "--snapshot", 256 * MiB,
        "write one with 'awsharden collect -o FILE'");
    public static readonly InputKind Config = new("config file", "--config", MiB,
        "for example: --config awsharden.yaml");
    public static readonly InputKind Plan = new("plan", "PLAN", 256 * MiB,
        "make one with 'awsharden fix plan -o plan.json'");
    public static readonly InputKind Journal = new("journal", "JOURNAL", 256 * MiB);
    public static readonly InputKind AllowFile = new("allow file", "--allow-file", MiB);
    public static readonly InputKind Logs = new("CloudTrail log", "--logs", 4096 * MiB);
}

/// <summary>
/// Opens the files a user names as input. Only regular files are read: a FIFO would block forever and a device
/// such as /dev/zero never ends; a file larger than its kind ever is (a disk image, a log archive) is refused
/// before it is read. Every refusal is a one-line user error.
/// </summary>
public static class InputFile
{
    /// <summary>Checks <paramref name="path"/> and returns its length, or throws a user error saying why not.
    /// </summary>
    public static long Check(string? path, InputKind kind)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new UserErrorException($"{kind.Option} needs a {kind.Noun} file", kind.Hint);

        var stat = FileStat.Of(path);
        switch (stat.Type)
        {
            case FileType.Missing:
                throw new UserErrorException($"{kind.Noun} '{path}' does not exist", kind.Hint);
            case FileType.Denied:
                throw new UserErrorException($"cannot read {kind.Noun} '{path}': permission denied");
            case FileType.Directory:
                throw new UserErrorException($"{kind.Noun} '{path}' is a folder, not a file", kind.Hint);
            case FileType.Fifo:
            case FileType.Device:
            case FileType.Socket:
                throw new UserErrorException(
                    $"{kind.Noun} '{path}' is a {Describe(stat.Type)}, not a file", kind.Hint);
        }

        var length = stat.Size ?? new FileInfo(path).Length;
        if (length > kind.MaxBytes)
        {
            throw new UserErrorException($"{path} is {Size(length)}; a {kind.Noun} is at most "
                + $"{Size(kind.MaxBytes)}: is this the right file?", kind.Hint);
        }

        return length;
    }

    /// <summary>Reads the whole file as UTF-8 text after <see cref="Check"/>.</summary>
    public static string ReadAllText(string? path, InputKind kind)
    {
        Check(path, kind);
        return Guard(path!, kind, () => File.ReadAllText(path!));
    }

    /// <summary>Reads the whole file's lines after <see cref="Check"/>.</summary>
    public static string[] ReadAllLines(string? path, InputKind kind)
    {
        Check(path, kind);
        return Guard(path!, kind, () => File.ReadAllLines(path!));
    }

    /// <summary>Opens the file after <see cref="Check"/>; reading stops at the kind's size limit even if the
    /// file grows meanwhile.</summary>
    public static Stream OpenRead(string? path, InputKind kind)
    {
        Check(path, kind);
        var stream = Guard(path!, kind, () => File.OpenRead(path!));
        return new LimitedStream(stream, kind, path!);
    }

    private static T Guard<T>(string path, InputKind kind, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "it does not exist",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message.TrimEnd('.'),
            };
            throw new UserErrorException($"cannot read {kind.Noun} '{path}': {why}", kind.Hint);
        }
    }

    private static string Describe(FileType type) => type switch
    {
        FileType.Fifo => "FIFO (named pipe)",
        FileType.Socket => "socket",
        _ => "device",
    };

    /// <summary>A size in the unit a person reads at a glance: 3.0 GB, 256 MiB.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        _ => $"{bytes} bytes",
    };

    private sealed class LimitedStream(Stream inner, InputKind kind, string path) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            _read += n;
            if (_read > kind.MaxBytes)
            {
                throw new UserErrorException($"{path} grew past {Size(kind.MaxBytes)} while being read; a "
                    + $"{kind.Noun} is at most that: is this the right file?");
            }

            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

/// <summary>The type of a path's final target (symlinks followed), as far as reading it is concerned.</summary>
public enum FileType { Regular, Directory, Fifo, Device, Socket, Missing, Denied, Unknown }

/// <summary>
/// What stat(2) says about a path, following symlinks: its type, size and identity (device and inode), so a
/// FIFO is recognised without opening it and two names of one file (symlink, hard link) compare equal. Uses
/// Linux statx, whose buffer layout is the same on every architecture; elsewhere it falls back to .NET.
/// </summary>
public sealed record FileStat(FileType Type, long? Size, (ulong Device, ulong Inode)? Identity)
{
    private const int AtCurrentDirectory = -100;
    private const uint WantTypeInodeSize = 0x1 | 0x100 | 0x200;
    private static bool _unavailable = !OperatingSystem.IsLinux();

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirFd, byte[] path, int flags, uint mask, byte[] buffer);

    /// <summary>Stats <paramref name="path"/>; never opens it, never throws for a path that is not there.</summary>
    public static FileStat Of(string path)
    {
        if (!_unavailable)
        {
            try
            {
                return Linux(path);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                _unavailable = true;
            }
        }

        return Portable(path);
    }

    private static FileStat Linux(string path)
    {
        var buffer = new byte[256];
        if (Statx(AtCurrentDirectory, Encoding.UTF8.GetBytes(path + "\0"), 0, WantTypeInodeSize, buffer) != 0)
        {
            return Marshal.GetLastPInvokeError() switch
            {
                2 or 20 => new FileStat(FileType.Missing, null, null),   // ENOENT, ENOTDIR
                13 => new FileStat(FileType.Denied, null, null),          // EACCES
                _ => new FileStat(FileType.Unknown, null, null),
            };
        }

        var type = (BitConverter.ToUInt16(buffer, 28) & 0xF000) switch
        {
            0x8000 => FileType.Regular,
            0x4000 => FileType.Directory,
            0x1000 => FileType.Fifo,
            0xC000 => FileType.Socket,
            0x2000 or 0x6000 => FileType.Device,
            _ => FileType.Unknown,
        };
        var inode = BitConverter.ToUInt64(buffer, 32);
        var size = (long)BitConverter.ToUInt64(buffer, 40);
        var device = ((ulong)BitConverter.ToUInt32(buffer, 136) << 32) | BitConverter.ToUInt32(buffer, 140);
        return new FileStat(type, size, (device, inode));
    }

    private static FileStat Portable(string path)
    {
        if (Directory.Exists(path))
            return new FileStat(FileType.Directory, null, null);
        var info = new FileInfo(path);
        return info.Exists
            ? new FileStat(FileType.Regular, info.Length, null)
            : new FileStat(FileType.Missing, null, null);
    }

    /// <summary>True when both paths name the same existing file, through symlinks and hard links.</summary>
    public static bool SameFile(string a, string b)
    {
        if (string.IsNullOrWhiteSpace(a) || string.IsNullOrWhiteSpace(b))
            return false;

        var (x, y) = (Of(a), Of(b));
        if (x.Type is FileType.Missing or FileType.Denied || y.Type is FileType.Missing or FileType.Denied)
            return false;
        if (x.Identity is { } ix && y.Identity is { } iy)
            return ix == iy;

        try
        {
            return string.Equals(Resolve(a), Resolve(b), StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }

    private static string Resolve(string path)
    {
        var full = Path.GetFullPath(path);
        return new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? full;
    }
}
