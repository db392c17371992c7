using AwsHarden.Aws.Clients;
using AwsHarden.Model;

namespace AwsHarden.Incident;

/// <summary>Runs the investigation's SQL in Athena: starts the query, polls until it ends, reads every page.
/// </summary>
public sealed class AthenaSqlRunner(AthenaClient athena, AthenaQueryPlace place, TimeProvider time)
    : IAthenaQueryRunner
{
    /// <summary>Between polls; the rounds scan days of logs, so seconds are the normal run time.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<IReadOnlyDictionary<string, string?>>> RunAsync(string sql, CancellationToken ct)
    {
        var id = await athena.StartQueryExecutionAsync(sql, place, ct).ConfigureAwait(false);
        while (true)
        {
            var state = await athena.GetQueryExecutionAsync(id, ct).ConfigureAwait(false);
            if (state.State == "SUCCEEDED") break;
            if (state.State is "FAILED" or "CANCELLED")
            {
                throw new UserErrorException($"The Athena query {id} {state.State.ToLowerInvariant()}: {state.Reason}",
                    "check the table (awsharden incident athena-ddl), the workgroup and the --output location");
            }
            await Task.Delay(PollInterval, time, ct).ConfigureAwait(false);
        }

        var rows = new List<IReadOnlyDictionary<string, string?>>();
        IReadOnlyList<string> columns = [];
        string? token = null;
        var first = true;
        do
        {
            var page = await athena.GetQueryResultsAsync(id, token, ct).ConfigureAwait(false);
            if (page.Columns.Count > 0) columns = page.Columns;
            // The first row of a SELECT's first page repeats the column names.
            foreach (var row in page.Rows.Skip(first ? 1 : 0))
            {
                rows.Add(columns.Zip(row).ToDictionary(c => c.First, c => c.Second, StringComparer.Ordinal));
            }
            (token, first) = (page.NextToken, false);
        }
        while (!string.IsNullOrEmpty(token));
        return rows;
    }
}
