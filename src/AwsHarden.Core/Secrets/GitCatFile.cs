using System.Buffers.Text;
using System.Diagnostics;
using System.Text;
using LibGit2Sharp;

namespace AwsHarden.Secrets;

/// <summary>How reading one blob went.</summary>
internal enum BlobStatus { Read, TooLarge, Missing }

/// <summary>Reads blobs for the history walk, in the order they were requested.</summary>
internal interface IBlobReader : IDisposable
{
    /// <summary>Announces a blob that <see cref="Read"/> will be asked for next-in-order.</summary>
    void Request(ObjectId blob);

    /// <summary>Hands every blob requested so far to the source; reads may wait on nothing else.</summary>
    void Send();

    /// <summary>
    /// Reads the blob; <paramref name="content"/> is valid until the next call and only when the answer is
    /// <see cref="BlobStatus.Read"/>. Missing means the object store lacks it (damaged or partial clone).
    /// </summary>
    BlobStatus Read(ObjectId blob, long maxBytes, out ReadOnlyMemory<byte> content);
}

/// <summary>Blob reads through LibGit2Sharp: no process, but about 0.3 ms a blob on deep delta chains.</summary>
internal sealed class LibGit2BlobReader(Repository repo) : IBlobReader
{
    private byte[] _buffer = new byte[64 * 1024];

    public void Request(ObjectId blob)
    {
    }

    public void Send()
    {
    }

    public BlobStatus Read(ObjectId blobId, long maxBytes, out ReadOnlyMemory<byte> content)
    {
        content = default;
        try
        {
            var blob = repo.Lookup<Blob>(blobId);
            if (blob is null)
                return BlobStatus.Missing;
            if (blob.Size > maxBytes)
                return BlobStatus.TooLarge;

            var size = (int)blob.Size;
            if (_buffer.Length < size)
                _buffer = new byte[Math.Max(size, _buffer.Length * 2)];
            using (var stream = blob.GetContentStream())
                stream.ReadExactly(_buffer, 0, size);
            content = _buffer.AsMemory(0, size);
            return BlobStatus.Read;
        }
        catch (Exception e) when (e is LibGit2SharpException or EndOfStreamException)
        {
            // A corrupt or truncated object reads like a missing one: the store cannot give it back.
            return BlobStatus.Missing;
        }
    }

    public void Dispose()
    {
    }
}

/// <summary>
/// Blob reads through one <c>git cat-file --batch</c> process: ids are written as the walk finds them and
/// contents read back in the same order, so git inflates while this process scans.
/// </summary>
internal sealed class GitCatFile : IBlobReader
{
    private readonly Process _git;
    private readonly StreamWriter _requests;
    private readonly BufferedStream _responses;
    private readonly byte[] _header = new byte[256];
    private byte[] _buffer = new byte[64 * 1024];

    public GitCatFile(string gitDir)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
        };
        foreach (var arg in new[] { "--git-dir", gitDir, "cat-file", "--batch" })
            start.ArgumentList.Add(arg);
        _git = Process.Start(start)!;
        _requests = new StreamWriter(_git.StandardInput.BaseStream, new UTF8Encoding(false), 1 << 14)
        {
            NewLine = "\n",
        };
        _responses = new BufferedStream(_git.StandardOutput.BaseStream, 1 << 20);
    }

    // Buffered until Send: a flush per id woke git once per blob.
    public void Request(ObjectId blob) => _requests.WriteLine(blob.Sha);

    public void Send() => _requests.Flush();

    public BlobStatus Read(ObjectId blob, long maxBytes, out ReadOnlyMemory<byte> content)
    {
        // "<sha> blob <size>\n<content>\n", or "<sha> missing\n" (also "ambiguous", never for a full id).
        content = default;
        var header = ReadHeader();
        var afterId = header.IndexOf((byte)' ');
        var type = afterId < 0 ? ReadOnlySpan<byte>.Empty : header[(afterId + 1)..];
        var afterType = type.IndexOf((byte)' ');
        if (afterType < 0 || !Utf8Parser.TryParse(type[(afterType + 1)..], out long size, out _))
            return BlobStatus.Missing;

        var isBlob = type[..afterType].SequenceEqual("blob"u8);
        if (size > maxBytes || !isBlob)
        {
            Skip(size + 1);
            return isBlob ? BlobStatus.TooLarge : BlobStatus.Missing;
        }

        if (_buffer.Length < size)
            _buffer = new byte[Math.Max(size, _buffer.Length * 2L)];
        _responses.ReadExactly(_buffer, 0, (int)size);
        _responses.ReadByte();
        content = _buffer.AsMemory(0, (int)size);
        return BlobStatus.Read;
    }

    // The header's bytes, valid until the next call; a header longer than the buffer is cut (never a blob's).
    private ReadOnlySpan<byte> ReadHeader()
    {
        var length = 0;
        for (var b = _responses.ReadByte(); b is not ('\n' or -1); b = _responses.ReadByte())
        {
            if (length < _header.Length)
                _header[length++] = (byte)b;
        }
        return _header.AsSpan(0, length);
    }

    private void Skip(long count)
    {
        var scratch = new byte[64 * 1024];
        while (count > 0)
            count -= _responses.Read(scratch, 0, (int)Math.Min(count, scratch.Length));
    }

    public void Dispose()
    {
        try
        {
            _requests.Dispose();
            if (!_git.WaitForExit(5000))
                _git.Kill();
        }
        catch (IOException)
        {
            // The process already went away; nothing is left to close.
        }
        _git.Dispose();
    }
}
