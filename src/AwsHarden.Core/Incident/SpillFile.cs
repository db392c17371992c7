using Microsoft.Win32.SafeHandles;

namespace AwsHarden.Incident;

/// <summary>
/// A scratch file for what an investigation cannot hold in memory. It is made in a private (0700) folder and
/// on Unix unlinked as soon as it is open, so no name on disk ever outlives the run, even on Ctrl-C or a crash;
/// on Windows it is deleted on close. Only identifiers and already-redacted events are written to it.
/// </summary>
internal sealed class SpillFile : IDisposable
{
    private readonly SafeFileHandle _handle;
    private readonly string _folder;
    private long _length;

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <param name="parent">Where the private folder goes; null for the system's temporary folder.</param>
    public SpillFile(string? parent)
    {
        _folder = Path.Combine(parent ?? Path.GetTempPath(), "awsharden-" + Guid.NewGuid().ToString("N"));
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(_folder);
        else Directory.CreateDirectory(_folder, OwnerOnly);

        var path = Path.Combine(_folder, "spill");
        var options = OperatingSystem.IsWindows() ? FileOptions.DeleteOnClose : FileOptions.None;
        _handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, options);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
            Directory.Delete(_folder);
        }
    }

    public long Length => Interlocked.Read(ref _length);

    /// <summary>Appends bytes at the end; callers serialise their own appends.</summary>
    public void Append(ReadOnlySpan<byte> bytes)
    {
        RandomAccess.Write(_handle, bytes, _length);
        Interlocked.Add(ref _length, bytes.Length);
    }

    /// <summary>A read-only stream over one stretch of the file; several may be open at once.</summary>
    public Stream OpenRead(long offset, long length) => new Stretch(_handle, offset, offset + length);

    public void Dispose()
    {
        _handle.Dispose();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Positional reads, so that readers of different stretches do not share a file offset.</summary>
    private sealed class Stretch(SafeFileHandle handle, long position, long end) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position
        {
            get => position;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var wanted = (int)Math.Min(buffer.Length, end - position);
            if (wanted <= 0) return 0;
            var n = RandomAccess.Read(handle, buffer[..wanted], position);
            position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
