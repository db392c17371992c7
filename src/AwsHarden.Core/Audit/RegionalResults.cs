using AwsHarden.Model;

namespace AwsHarden.Audit;

/// <summary>Walks the audited regions of per-region data, turning a missing or failed region into an Unknown.</summary>
internal static class RegionalResults
{
    public static IEnumerable<Finding> ForEachRegion<T>(
        CheckMetadata check,
        AccountSnapshot snapshot,
        IReadOnlyDictionary<string, Collected<T>> data,
        string action,
        Func<string, T, Finding> evaluate) where T : class
    {
        foreach (var region in snapshot.Regions)
        {
            if (!data.TryGetValue(region, out var collected) || !collected.Ok)
            {
                var error = collected is null
                    ? SnapshotData.Missing(action, region)
                    : SnapshotData.ErrorOf(collected, action, region);
                yield return check.Unknown(region, error, region);
                continue;
            }

            yield return evaluate(region, collected.Value!);
        }
    }
}
