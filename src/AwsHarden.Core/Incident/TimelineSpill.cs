using System.Collections;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AwsHarden.Incident;

/// <summary>
/// Collects a lineage's timeline in any order and hands it back oldest first. Up to a run's worth of entries
/// stay in memory; past that, each full run is sorted and appended to a <see cref="SpillFile"/> as JSON lines,
/// and the result merges the runs as it is enumerated, so memory stays near one run whatever the count.
/// </summary>
internal sealed class TimelineCollector(int runSize, string? scratchFolder) : IDisposable
{
    private readonly List<TimelineEntry> _buffer = [];
    private readonly List<(long Offset, long Length)> _runs = [];
    private SpillFile? _spill;
    private long _count;

    public void Add(TimelineEntry entry)
    {
        _buffer.Add(entry);
        _count++;
        if (_buffer.Count >= runSize) Spill();
    }

    /// <summary>The whole timeline, oldest first: a list when it fit in one run, else a
    /// <see cref="SpilledTimeline"/> that now owns the spill file.</summary>
    public IReadOnlyList<TimelineEntry> Finish()
    {
        if (_spill is null)
        {
            _buffer.Sort(TimelineOrder.Instance);
            return [.. _buffer];
        }
        if (_buffer.Count > 0) Spill();
        var timeline = new SpilledTimeline(_spill, [.. _runs], _count);
        _spill = null;
        return timeline;
    }

    private void Spill()
    {
        _buffer.Sort(TimelineOrder.Instance);
        _spill ??= new SpillFile(scratchFolder);
        var start = _spill.Length;
        using var chunk = new MemoryStream();
        foreach (var entry in _buffer)
        {
            JsonSerializer.Serialize(chunk, entry, SpilledTimeline.Json);
            chunk.WriteByte((byte)'\n');
            if (chunk.Length < 1024 * 1024) continue;
            _spill.Append(chunk.GetBuffer().AsSpan(0, (int)chunk.Length));
            chunk.SetLength(0);
        }
        _spill.Append(chunk.GetBuffer().AsSpan(0, (int)chunk.Length));
        _runs.Add((start, _spill.Length - start));
        _buffer.Clear();
    }

    public void Dispose() => _spill?.Dispose();
}

/// <summary>Timeline order: by time, then by event id so that equal times come out the same on every run.</summary>
internal sealed class TimelineOrder : IComparer<TimelineEntry>
{
    public static readonly TimelineOrder Instance = new();

    public int Compare(TimelineEntry? a, TimelineEntry? b) => a!.Time != b!.Time
        ? a.Time.CompareTo(b.Time) : string.CompareOrdinal(a.EventId, b.EventId);
}

/// <summary>
/// A timeline too long to hold, read back from sorted runs on disk each time it is enumerated (oldest first).
/// Enumerate it; the indexer walks from the start. Dispose releases the spill file.
/// </summary>
public sealed class SpilledTimeline : IReadOnlyList<TimelineEntry>, IDisposable
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly SpillFile _spill;
    private readonly (long Offset, long Length)[] _runs;

    internal SpilledTimeline(SpillFile spill, (long, long)[] runs, long count)
    {
        _spill = spill;
        _runs = runs;
        Count = (int)Math.Min(count, int.MaxValue);
    }

    public int Count { get; }

    /// <summary>Sorted runs merged from disk; one small buffer per run.</summary>
    public int Runs => _runs.Length;

    public TimelineEntry this[int index] =>
        index >= 0 && index < Count ? this.Skip(index).First() : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<TimelineEntry> GetEnumerator()
    {
        var readers = _runs.Select(r => new StreamReader(_spill.OpenRead(r.Offset, r.Length), Encoding.UTF8,
            detectEncodingFromByteOrderMarks: false, bufferSize: 4096)).ToList();
        try
        {
            var next = new PriorityQueue<int, TimelineEntry>(TimelineOrder.Instance);
            for (var i = 0; i < readers.Count; i++)
            {
                if (ReadOne(readers[i]) is { } first) next.Enqueue(i, first);
            }
            while (next.TryDequeue(out var run, out var entry))
            {
                yield return entry;
                if (ReadOne(readers[run]) is { } following) next.Enqueue(run, following);
            }
        }
        finally
        {
            foreach (var reader in readers) reader.Dispose();
        }
    }

    private static TimelineEntry? ReadOne(StreamReader reader) =>
        reader.ReadLine() is { } line ? JsonSerializer.Deserialize<TimelineEntry>(line, Json) : null;

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose() => _spill.Dispose();
}
