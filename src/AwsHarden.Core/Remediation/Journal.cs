using AwsHarden.Model;

namespace AwsHarden.Remediation;

/// <summary>What a journal line records: a step began (with the prior state), one of its calls completed, or
/// the step ended (with its outcome).</summary>
public enum JournalEvent { Started, CallDone, Finished }

/// <summary>How a step ended.</summary>
public enum StepOutcome
{
    /// <summary>The calls ran and the target state now holds.</summary>
    Applied,
    /// <summary>The live account already showed the target state; nothing was called.</summary>
    AlreadyDone,
    /// <summary>A step for a person; the tool only showed it.</summary>
    Manual,
    /// <summary>The live state differed from the plan's expectation; the run stopped before calling.</summary>
    Drifted,
    /// <summary>A call failed or the target was not reached; the run stopped.</summary>
    Failed,
}

/// <summary>One line of the journal (JSON lines). Started carries the step and the prior state so that undo
/// needs nothing but the journal.</summary>
public sealed record JournalRecord
{
    public required string StepId { get; init; }
    public required JournalEvent Event { get; init; }
    public required DateTimeOffset At { get; init; }
    public PlanStep? Step { get; init; }
    public ResourceState? Prior { get; init; }
    public ResourceState? After { get; init; }
    public int? CallIndex { get; init; }
    public StepOutcome? Outcome { get; init; }
    public string? Message { get; init; }

    /// <summary>The run that wrote the record; one run may apply several plans to one journal.</summary>
    public string? RunId { get; init; }
    /// <summary><see cref="JournalBinding.PlanIdentity"/> of the plan the record belongs to.</summary>
    public string? PlanIdentity { get; init; }
    public string? PlanTitle { get; init; }
}

/// <summary>Where apply records its progress. Every append must be durable before it returns, so that a crash
/// or Ctrl-C never leaves a change unrecorded for longer than the call itself.</summary>
public interface IJournal
{
    IReadOnlyList<JournalRecord> Read();

    Task AppendAsync(JournalRecord record, CancellationToken cancellationToken);
}

/// <summary>A journal kept in memory, for plans that need no file (tests, dry runs).</summary>
public sealed class MemoryJournal : IJournal
{
    private readonly List<JournalRecord> _records = [];

    public MemoryJournal(IEnumerable<JournalRecord>? records = null) => _records.AddRange(records ?? []);

    public IReadOnlyList<JournalRecord> Read() => _records.ToList();

    public Task AppendAsync(JournalRecord record, CancellationToken cancellationToken)
    {
        _records.Add(record);
        return Task.CompletedTask;
    }
}

/// <summary>A JSON-lines journal file, flushed to disk after every record.</summary>
public sealed class FileJournal(string path) : IJournal
{
    public string Path { get; } = path;

    public IReadOnlyList<JournalRecord> Read()
    {
        if (!File.Exists(Path))
            return [];

        var records = new List<JournalRecord>();
        foreach (var (line, number) in File.ReadLines(Path).Select((l, i) => (l, i + 1)))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            try
            {
                records.Add(PlanJson.ReadJournalLine(line, $"{Path}:{number}"));
            }
            catch (UserErrorException) when (records.Count == 0)
            {
                // Not even a first record: someone else's file, not a journal cut short by a crash.
                throw new UserErrorException($"{Path} is not an awsharden journal",
                    "--journal takes a new file, or the journal of an interrupted run of the same plan");
            }
        }

        return records;
    }

    public async Task AppendAsync(JournalRecord record, CancellationToken cancellationToken)
    {
        var line = PlanJson.WriteJournalLine(record) + "\n";
        await using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(line), CancellationToken.None);

        // A record is the only trace of a change already made: it goes to disk even when Ctrl-C was pressed.
        stream.Flush(flushToDisk: true);
    }
}
