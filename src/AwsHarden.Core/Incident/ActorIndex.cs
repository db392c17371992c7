using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace AwsHarden.Incident;

/// <summary>
/// Which keys, users and roles acted in each file of a first pass: one <see cref="ActorFilter"/> per file,
/// written to a <see cref="SpillFile"/> as each file is finished, so memory does not grow with the number of
/// files. <see cref="FilesActing"/> streams through them once the lineage is known.
/// </summary>
public sealed class ActorIndex : IDisposable
{
    private readonly SpillFile _spill;
    private readonly Lock _gate = new();
    private int _files;

    /// <param name="scratchFolder">Where the spill goes; null for the system's temporary folder.</param>
    public ActorIndex(string? scratchFolder = null) => _spill = new SpillFile(scratchFolder);

    /// <summary>Files noted so far.</summary>
    public int Files => Volatile.Read(ref _files);

    /// <summary>Bytes the index takes on disk.</summary>
    public long SpilledBytes => _spill.Length;

    /// <summary>Notes the actor tokens of one file (see <see cref="LineageGraph.TokensOf"/>). Thread-safe.</summary>
    public void Add(string file, IReadOnlyCollection<string> tokens)
    {
        // One record: name length, UTF-8 name, word count, the filter's words.
        var bits = new ActorFilter(tokens).Bits;
        var nameLength = Encoding.UTF8.GetByteCount(file);
        var record = new byte[8 + nameLength + bits.Length * 8];
        BinaryPrimitives.WriteInt32LittleEndian(record, nameLength);
        Encoding.UTF8.GetBytes(file, record.AsSpan(4));
        BinaryPrimitives.WriteInt32LittleEndian(record.AsSpan(4 + nameLength), bits.Length);
        MemoryMarshal.AsBytes(bits).CopyTo(record.AsSpan(8 + nameLength));
        lock (_gate)
        {
            _spill.Append(record);
            _files++;
        }
    }

    /// <summary>The files whose filter might hold any of <paramref name="tokens"/>; never misses one that
    /// does.</summary>
    public IReadOnlySet<string> FilesActing(IEnumerable<string> tokens)
    {
        var hashes = tokens.Select(ActorFilter.Hash).ToArray();
        var found = new HashSet<string>(StringComparer.Ordinal);
        if (hashes.Length == 0) return found;

        lock (_gate)
        {
            using var input = new BufferedStream(_spill.OpenRead(0, _spill.Length), 256 * 1024);
            var header = new byte[4];
            byte[] name = new byte[256], words = new byte[1024];
            while (input.ReadAtLeast(header, 4, throwOnEndOfStream: false) == 4)
            {
                var nameLength = BinaryPrimitives.ReadInt32LittleEndian(header);
                name = ReadInto(input, name, nameLength);
                input.ReadExactly(header);
                var wordBytes = BinaryPrimitives.ReadInt32LittleEndian(header) * 8;
                words = ReadInto(input, words, wordBytes);
                if (AnyIn(MemoryMarshal.Cast<byte, ulong>(words.AsSpan(0, wordBytes)), hashes))
                {
                    found.Add(Encoding.UTF8.GetString(name, 0, nameLength));
                }
            }
        }
        return found;
    }

    private static bool AnyIn(ReadOnlySpan<ulong> bits, (ulong, ulong)[] hashes)
    {
        foreach (var hash in hashes)
        {
            if (ActorFilter.MightContain(bits, hash)) return true;
        }
        return false;
    }

    /// <summary>Reads <paramref name="count"/> bytes into the buffer, growing it when too small.</summary>
    private static byte[] ReadInto(Stream input, byte[] buffer, int count)
    {
        if (buffer.Length < count) buffer = new byte[Math.Max(count, buffer.Length * 2)];
        input.ReadExactly(buffer, 0, count);
        return buffer;
    }

    public void Dispose() => _spill.Dispose();
}
