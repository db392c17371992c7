namespace AwsHarden.FakeAws.State;

/// <summary>Athena in the fake: trail tables of CloudTrail records and the queries started on them.</summary>
public sealed class FakeAthena
{
    /// <summary>Tables by <c>database.table</c>; each row a CloudTrail record's JSON text, partitioned by its
    /// recipient account, region and event day.</summary>
    public Dictionary<string, List<string>> Tables { get; } = new(StringComparer.Ordinal);

    /// <summary>Rows per GetQueryResults page at most, whatever MaxResults asks; small values test paging.
    /// </summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>GetQueryExecution answers QUEUED, then RUNNING this many times, then the end state.</summary>
    public int RunningPolls { get; set; } = 1;

    /// <summary>When set, every query fails with this StateChangeReason.</summary>
    public string? FailWith { get; set; }

    public List<FakeQueryExecution> Executions { get; } = [];
}

/// <summary>One query: its SQL, the polls seen so far, and its result (header row first) or its failure.</summary>
public sealed class FakeQueryExecution
{
    public required string Id { get; init; }
    public required string Sql { get; init; }
    public required string Database { get; init; }
    public string? WorkGroup { get; init; }
    public string? OutputLocation { get; init; }
    public int Polls { get; set; }
    public IReadOnlyList<string> Columns { get; set; } = [];
    public IReadOnlyList<IReadOnlyList<string?>> Rows { get; set; } = [];
    public string? FailureReason { get; set; }
}
